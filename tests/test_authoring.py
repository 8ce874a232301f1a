"""A handout in the authoring format (AUTHORING.md), through the whole pipeline.

``tests/authoring/recovery.md`` (TST-003) has every kind of block; each test
copies it into a scratch copy of the fixture project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po, write_po
from conftest import flat, page_texts, reading_texts, render, saved_on_windows

from handouts.commands.cli import main
from handouts.document.brand import WRITE_ON_LINE
from handouts.document.handout import discover_handouts, find_handout
from handouts.i18n.extract import method_for
from handouts.i18n.messages import COMMENT_TAGS
from handouts.project import Project

SOURCE = Path(__file__).resolve().parent / "authoring" / "recovery.md"
ARGS = ["--locale", "en", "--print-date", "2026-11-23", "--output"]
BLANK = WRITE_ON_LINE  # the brand's phone numbers are empty in the fixture

#: Every block of recovery.md as it prints, in order.
PRINTED = (
    "Going home after a scan", "What to do in the first week", "Before you leave",
    "Most people go home the same day. Rest for the first day, and ask someone to stay "
    "with you tonight.",
    "The contrast leaves your body in about 24 hours & 95% of people feel fine.",
    "Drink 8 glasses of water today.",
    "Keep the bandage on for 24 hours. If it gets wet, change it for a clean one.",
    "The spot may be sore for < 3 days > and then fade.",
    "At home", "1. Take off the bandage after one day.",
    "2. Wash the skin with soap and water.",
    "3. Do not lift more than ______ pounds until ______.",
    "When to get help", "Call 911 right away if you have:", "Chest pain.",
    "Trouble breathing.", "Questions or problems",
    f"Call Riverside Test Clinic in the daytime at {BLANK}. Nights and weekends: {BLANK}.",
    "Your notes", "Write your questions here.", "Remember",
    "Bring this handout to your next visit.",
)


@pytest.fixture
def authored(project: Path) -> Path:
    """The fixture project with recovery.md; the path of the copy."""
    target = project / "templates" / "handouts" / "recovery.md"
    shutil.copy(SOURCE, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace one line's text; return that line's number."""
    lines = path.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if old in line)
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines), "utf-8")
    stamp = path.stat().st_mtime_ns + 2_000_000_000  # newer, whatever the clock's grain
    os.utime(path, ns=(stamp, stamp))
    return number


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(SOURCE.read_text("utf-8").split("\n"), 1)
                if text in line)


def test_found_by_name_and_id_with_its_metadata(authored: Path, project: Path) -> None:
    meta = find_handout("TST-003", project / "templates")
    assert (meta.name, meta.version, meta.path) == ("recovery", "1.0", authored)
    assert meta.keywords == ("recovery", "authoring", "test") and not meta.reviewed
    assert "recovery" in discover_handouts(project / "templates")


def test_the_file_is_an_input_of_its_render(authored: Path, project: Path) -> None:
    """The web cache, the print pack and the check cache notice an edit to it."""
    assert authored in Project(project).all_inputs()
    assert authored in Project(project).text_inputs(authored)


def test_english_pdf_prints_every_block_in_order(authored: Path, project: Path) -> None:
    pdf = render("recovery", locale="en", project_dir=project).pdf
    text = flat(" ".join(reading_texts(pdf)))  # poppler, an outside reader
    positions = [text.find(block) for block in PRINTED]
    assert -1 not in positions, [b for b, p in zip(PRINTED, positions, strict=True) if p < 0]
    assert positions == sorted(positions), "in the order they are written"
    assert "**" not in text and "{" not in text and "%%" not in text
    assert "TST-003 · Version 1.0 · Clinical review: pending" in flat(page_texts(pdf)[0])


def test_list_shows_the_reading_grade(authored: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines()
               if line.startswith("TST-003"))
    assert "recovery" in row and "Going home after a scan" in row
    assert float(row.split("pending")[1].split()[0]) <= 6, "a grade, and a low one"


def test_one_message_per_block_with_md_lines_and_notes(authored: Path) -> None:
    method, options = method_for(authored)
    found = [(line, message if isinstance(message, str) else message[0], comments)
             for line, message, comments, _ in extract_from_file(
                 method, str(authored), keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
                 options=options, strip_comment_tags=True)]
    assert len(found) == len(PRINTED), "a message for each heading, paragraph and item"
    for line, message, _ in found:
        source = SOURCE.read_text("utf-8").split("\n")[line - 1]
        first_word = message.replace("<b>", "").split()[0]
        assert first_word in source.replace("**", ""), (line, message)
    by_id = {message: (line, comments) for line, message, comments in found}
    assert by_id["The contrast leaves your body in about 24 hours & 95%% of people feel "
                 "fine."] == (line_of("The contrast"), [
                     'a "contrast" is a dye that makes the scan pictures clearer.'])
    assert by_id["The spot may be sore for < 3 days > and then fade."][1] == [
        '"sore" means painful to touch.']
    assert "Drink <b>8 glasses</b> of water today." in by_id
    assert "Call 911 right away if you have:" in by_id, "a bold block: the tags stay outside"
    assert ("Call %(organization)s in the daytime at %(phone_day)s. Nights and weekends: "
            "%(phone_after_hours)s.") in by_id


def test_plain_pybabel_extract_reads_md_handouts(authored: Path, project: Path,
                                                 tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("pybabel")
    pot = tmp_path / "messages.pot"
    result = subprocess.run([str(exe), "extract", "-F", "pyproject.toml", "-c", "Translators:",
                             "-o", str(pot), "."], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with pot.open("rb") as fh:
        catalog = read_po(fh)
    message = catalog["Keep the bandage on for 24 hours. If it gets wet, change it for a "
                       "clean one."]
    assert message is not None
    assert message.locations == [("templates/handouts/recovery.md", line_of("Keep the"))]


def spanish(message: str) -> str:
    known = {
        "Going home after a scan": "Volver a casa después de un escaneo",
        "Call %(organization)s in the daytime at %(phone_day)s. Nights and weekends: "
        "%(phone_after_hours)s.": "Llame a %(organization)s de día al %(phone_day)s. "
                                  "Noches y fines de semana: %(phone_after_hours)s.",
    }
    return known.get(message, f"ES {message}")


def translate(project: Path) -> int:
    """Bring the catalogs up to date, then translate every message of recovery.md in
    whichever Spanish catalog holds it; the number translated."""
    assert main(["i18n", "update"]) == 0
    done = 0
    for po in (project / "locales" / "es").rglob("*.po"):
        with po.open("rb") as fh:
            catalog: Catalog = read_po(fh)
        for message in catalog:
            if any(path.endswith("recovery.md") for path, _ in message.locations):
                message.string = spanish(str(message.id))
                message.flags.discard("fuzzy")
                done += 1
        with po.open("wb") as fh:
            write_po(fh, catalog)
    return done


def test_a_spanish_translation_prints(authored: Path, project: Path) -> None:
    assert translate(project) == len(PRINTED)
    text = flat(" ".join(reading_texts(render("recovery", locale="es",
                                              project_dir=project).pdf)))
    assert "Volver a casa después de un escaneo" in text
    assert (f"Llame a Riverside Test Clinic de día al {BLANK}. Noches y fines de semana: "
            f"{BLANK}.") in text
    assert "ES The contrast leaves your body in about 24 hours & 95% of people" in text
    assert "ES Drink 8 glasses of water today." in text


def test_the_example_in_authoring_md_renders(project: Path) -> None:
    """The complete example in AUTHORING.md is a handout that prints as described."""
    guide = (Path(__file__).resolve().parent.parent / "AUTHORING.md").read_text("utf-8")
    example = guide.split("## A complete example", 1)[1].split("```", 2)[1].lstrip("\n")
    (project / "templates" / "handouts" / "kyphoplasty.md").write_text(example, "utf-8")
    text = flat(" ".join(reading_texts(render("kyphoplasty", locale="en",
                                              project_dir=project).pdf)))
    for printed in ("Kyphoplasty A treatment for a broken bone in the spine",
                    "If a vertebra gets weak, it can break and flatten.",
                    "1. You lie on your stomach", "up to ______ pounds (kilograms) until ______.",
                    f"Daytime: {BLANK}. Nights and weekends: {BLANK}.",
                    "Is kyphoplasty right for me?"):
        assert printed in text, printed


def test_an_edit_shows_in_the_next_render(authored: Path, project: Path) -> None:
    assert "Before you leave" in flat(page_texts(render("recovery", locale="en",
                                                        project_dir=project).pdf)[0])
    edit(authored, "## Before you leave", "## Before you go")
    first = flat(page_texts(render("recovery", locale="en", project_dir=project).pdf)[0])
    assert "Before you go" in first and "Before you leave" not in first


@pytest.mark.parametrize("old,new,words", [
    ("Write your questions here.", "Write {{ brand.name }} here.", "template code"),
    ("Call {organization}", "Call {organisation}", "did you mean {organization}"),
    ("## When to get help", "When to get help", "must start with its heading"),
    ("## At home", "# At home", "one title (line 11)"),
    ("- Trouble breathing.", "Trouble breathing.", "indent it by two spaces"),
    ("[lines 2]", "[lines 40]", "from 1 to 20"),
    ("[lines 2]", "[line 2]", "write `[lines 2]`"),  # a typo would print as text
    ("[lines 2]", "[ Lines 2 ]", "is not a write-in block"),
])
def test_a_mistake_is_refused_naming_file_and_line(
        authored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        old: str, new: str, words: str) -> None:
    number = edit(authored, old, new)
    assert main(["recovery", *ARGS, str(tmp_path / "r.pdf")]) == 5, "a content error"
    err = capsys.readouterr().err
    assert f"recovery.md:{number}:" in err and words in err, err
    assert "Traceback" not in err and len(err.splitlines()) <= 6
    assert not (tmp_path / "r.pdf").exists()


def test_a_mistake_stops_i18n_update_naming_file_and_line(
        authored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = edit(authored, "::: note", "::: notes")
    assert main(["i18n", "update"]) == 5
    err = capsys.readouterr().err
    assert f"recovery.md:{number}:" in err and "did you mean `::: note`" in err, err
    assert "Traceback" not in err


def test_unclosed_box_names_the_line_it_opens(authored: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = authored.read_text("utf-8")
    authored.write_text(text[:text.rindex(":::")], "utf-8")  # the last box's closing line
    assert main(["recovery", *ARGS, str(tmp_path / "r.pdf")]) == 5
    err = capsys.readouterr().err
    assert f"recovery.md:{line_of('::: note')}:" in err and "never closed" in err, err


def test_an_unclosed_metadata_block_says_so(authored: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    lines = authored.read_text("utf-8").splitlines(keepends=True)
    closing = next(i for i, line in enumerate(lines) if i and line.strip() == "+++")
    authored.write_text("".join(lines[:closing] + lines[closing + 1:]), "utf-8")
    assert main(["recovery", *ARGS, str(tmp_path / "r.pdf")]) == 5
    err = capsys.readouterr().err
    assert "recovery.md:1:" in err and "never closed" in err and "`+++`" in err, err


@pytest.mark.parametrize("kind", ["crlf", "bom", "bom+crlf", "cr"])
def test_a_file_saved_by_a_windows_editor_prints_the_same(
        authored: Path, project: Path, kind: str) -> None:
    translate(project)
    before = {code: render("recovery", locale=code, project_dir=project).pdf
              for code in ("en", "es")}
    saved_on_windows(authored, kind)
    for code, pdf in before.items():
        assert render("recovery", locale=code, project_dir=project).pdf == pdf, code


@pytest.mark.parametrize("kind", ["crlf", "bom+crlf"])
def test_a_mistake_in_a_windows_file_names_its_line(
        authored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    number = edit(authored, "Call {organization}", "Call {organisation}")
    saved_on_windows(authored, kind)
    assert main(["recovery", *ARGS, str(tmp_path / "r.pdf")]) == 5
    err = capsys.readouterr().err
    assert f"recovery.md:{number}:" in err and "did you mean {organization}" in err, err


@pytest.mark.parametrize("new,words", [
    ('written = 07/12/2026', "year-month-day without quotes"),
    ('written = 7.12.2026  # the day it was written', "year-month-day without quotes"),
    ('written =', "give the key a value"),
])
def test_a_metadata_value_toml_cannot_read_says_what_to_write(
        authored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        new: str, words: str) -> None:
    number = edit(authored, 'version = "1.0"', f'version = "1.0"\n{new}') + 1
    assert main(["recovery", *ARGS, str(tmp_path / "r.pdf")]) == 5
    err = capsys.readouterr().err
    assert f"recovery.md:{number}: the metadata block is not valid TOML" in err, err
    assert repr(new.split("#")[0].strip())[1:-1] in err and words in err, err
    assert "Traceback" not in err
