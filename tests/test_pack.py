"""`generate.py pack`: every handout x locale, in parallel, skipping what has not changed.

Every run packs the fixture project (tests/fixture: handouts ``alpha`` TST-001 and
``beta`` TST-002, locales ``en`` and ``es``) through ``--project``; tests that edit
files pack the scratch ``project`` copy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE, flat, page_texts, po_path
from pypdf import PdfReader

from handouts.commands.cli import main as cli_main
from handouts.commands.pack import MANIFEST, Progress, main

DATE = "2026-03-02"
ALL_FOUR = {"alpha-en.pdf", "alpha-es.pdf", "beta-en.pdf", "beta-es.pdf"}
BROKEN_BODY = """{#---
id = "TST-999"
version = "1.0"
---#}
{% extends "layout/base.xml.j2" %}
{% block title %}{{ _("Broken" }}{% endblock %}
"""
BROKEN_META = "{#---\nid = 'not an id'\n---#}\n"


def pack(project: Path, out: Path, *extra: str) -> int:
    """One pack run on one process; later options override the defaults given here."""
    return main(["--project", str(project), "--output", str(out), "--print-date", DATE,
                 "--jobs", "1", *extra])


def statuses(output: str) -> dict[str, str]:
    """FILE -> STATUS from the summary table."""
    rows = [line.split() for line in output.splitlines() if line.endswith((
        " written", " unchanged", " FAILED"))]
    return {row[0]: row[-1] for row in rows}


def pdf_text(path: Path) -> str:
    return flat(" ".join(page_texts(path.read_bytes())))


def test_pack_writes_each_locale_then_skips_unchanged(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 0
    first = capsys.readouterr()
    assert statuses(first.out) == dict.fromkeys(ALL_FOUR, "written")
    assert "FILE" in first.out and "PAGES" in first.out and "4 written" in first.out
    assert "4/4" in first.err and "[#" in first.err  # the progress bar
    assert "Descanse dos días después de la prueba." in pdf_text(out / "alpha-es.pdf")
    assert "Water helps your body heal." in pdf_text(out / "beta-en.pdf")
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert set(manifest["files"]) == ALL_FOUR

    assert pack(project, out, "--locale", "en,es") == 0
    second = capsys.readouterr().out
    assert statuses(second) == dict.fromkeys(ALL_FOUR, "unchanged") and "4 unchanged" in second

    catalog = po_path(project, "es")  # a handout's catalog: that handout in that language
    catalog.write_text(catalog.read_text("utf-8") + "\n# a translator's comment\n", "utf-8")
    assert pack(project, out, "--locale", "en,es") == 0
    assert statuses(capsys.readouterr().out) == {
        "alpha-en.pdf": "unchanged", "alpha-es.pdf": "written",
        "beta-en.pdf": "unchanged", "beta-es.pdf": "unchanged"}

    shared = po_path(project, "es", "shared")  # the shared text: that language's files
    shared.write_text(shared.read_text("utf-8") + "\n# a translator's comment\n", "utf-8")
    assert pack(project, out, "--locale", "en,es") == 0
    assert statuses(capsys.readouterr().out) == {
        "alpha-en.pdf": "unchanged", "alpha-es.pdf": "written",
        "beta-en.pdf": "unchanged", "beta-es.pdf": "written"}

    template = project / "templates" / "handouts" / "beta.xml.j2"  # a template: its handout
    template.write_text(template.read_text("utf-8") + "{# an author's comment #}\n", "utf-8")
    assert pack(project, out, "--locale", "en,es") == 0
    assert statuses(capsys.readouterr().out) == {
        "alpha-en.pdf": "unchanged", "alpha-es.pdf": "unchanged",
        "beta-en.pdf": "written", "beta-es.pdf": "written"}


def test_a_damaged_or_missing_file_is_made_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(FIXTURE, out, "--locale", "en,es") == 0
    capsys.readouterr()
    good = (out / "alpha-en.pdf").read_bytes()
    (out / "alpha-en.pdf").write_bytes(good[:len(good) // 2])  # cut short: not a PDF any more
    (out / "beta-es.pdf").unlink()

    assert pack(FIXTURE, out, "--locale", "en,es") == 0  # the same arguments as before
    assert statuses(capsys.readouterr().out) == {
        "alpha-en.pdf": "written", "alpha-es.pdf": "unchanged",
        "beta-en.pdf": "unchanged", "beta-es.pdf": "written"}
    assert (out / "alpha-en.pdf").read_bytes() == good  # whole again, the same bytes
    assert len(PdfReader(out / "alpha-en.pdf", strict=True).pages) == 1
    assert "Resting after a test" in pdf_text(out / "alpha-en.pdf")
    assert "Beber agua" in pdf_text(out / "beta-es.pdf")


@pytest.mark.parametrize(("option", "printed", "width"), [
    (["--print-date", "2026-03-03"], "Printed: March 3, 2026", 612),
    (["--paper", "a4"], "Printed: March 2, 2026", 595),  # A4 is 595 points wide, Letter 612
])
def test_changed_options_render_again(option: list[str], printed: str, width: int,
                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(FIXTURE, out, "--locale", "en") == 0
    capsys.readouterr()

    assert pack(FIXTURE, out, "--locale", "en", *option) == 0  # the same file names
    assert statuses(capsys.readouterr().out) == {"alpha-en.pdf": "written",
                                                 "beta-en.pdf": "written"}
    page = PdfReader(out / "alpha-en.pdf").pages[0]
    assert printed in flat(page.extract_text()) and round(float(page.mediabox.width)) == width

    assert pack(FIXTURE, out, "--locale", "en") == 0  # back to the first options: again
    assert statuses(capsys.readouterr().out) == {"alpha-en.pdf": "written",
                                                 "beta-en.pdf": "written"}
    page = PdfReader(out / "alpha-en.pdf").pages[0]
    assert "Printed: March 2, 2026" in flat(page.extract_text())
    assert round(float(page.mediabox.width)) == 612


def test_large_print_and_bilingual_names(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(FIXTURE, out, "--locale", "es") == 0
    capsys.readouterr()
    assert pack(FIXTURE, out, "--locale", "es", "--large-print", "--bilingual",
                "--handout", "TST-001") == 0
    assert statuses(capsys.readouterr().out) == {"alpha-es-large-bilingual.pdf": "written"}
    both = out / "alpha-es-large-bilingual.pdf"
    assert len(PdfReader(both).pages) > len(PdfReader(out / "alpha-es.pdf").pages)
    assert "Descansar después de una prueba" in pdf_text(both)
    assert "Resting after a test" in pdf_text(both)
    assert pack(FIXTURE, out, "--locale", "es") == 0  # the other run kept this one's record
    assert statuses(capsys.readouterr().out) == {"alpha-es.pdf": "unchanged",
                                                 "beta-es.pdf": "unchanged"}


def test_a_broken_handout_fails_alone(project: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (project / "templates" / "handouts" / "broken.xml.j2").write_text(BROKEN_BODY, "utf-8")
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 1
    output = capsys.readouterr().out
    assert statuses(output) == {"broken-en.pdf": "FAILED", "broken-es.pdf": "FAILED",
                                **dict.fromkeys(ALL_FOUR, "written")}
    assert "Failed:" in output and "template syntax error" in output
    assert {p.name for p in out.glob("*.pdf")} == ALL_FOUR
    assert set(json.loads((out / MANIFEST).read_text("utf-8"))["files"]) == ALL_FOUR


def test_broken_metadata_fails_alone(project: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (project / "templates" / "handouts" / "badmeta.xml.j2").write_text(BROKEN_META, "utf-8")
    assert pack(project, tmp_path / "out", "--locale", "en") == 1
    output = capsys.readouterr().out
    assert "should look like" in output  # the metadata error, listed for its own file
    assert statuses(output) == {"badmeta-en.pdf": "FAILED", "alpha-en.pdf": "written",
                                "beta-en.pdf": "written"}


def test_parallel_pack_matches_serial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert pack(FIXTURE, serial, "--locale", "en,es") == 0
    capsys.readouterr()
    assert pack(FIXTURE, parallel, "--locale", "en,es", "--jobs", "2") == 0
    assert statuses(capsys.readouterr().out) == dict.fromkeys(ALL_FOUR, "written")
    assert {p.name for p in parallel.glob("*.pdf")} == ALL_FOUR
    for name in ALL_FOUR:
        assert (parallel / name).read_bytes() == (serial / name).read_bytes(), name


def test_all_locales_is_the_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(FIXTURE), "--output", str(tmp_path / "o"),
                 "--print-date", DATE, "--jobs", "1"]) == 0
    assert set(statuses(capsys.readouterr().out)) == ALL_FOUR


@pytest.mark.parametrize(("args", "code", "text"), [
    (["--handout", "nonesuch"], 3, "Unknown handout"),
    (["--locale", "xx"], 4, "Unknown language"),
    (["--jobs", "0"], 2, "--jobs"),
    (["--print-date", "03/02/2026"], 2, "is not a date"),
    ([], 2, "--output"),
])
def test_mistakes_are_one_line_errors(args: list[str], code: int, text: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["pack", "--project", str(FIXTURE), *args]
    argv += ["--output", str(tmp_path / "o")] if args else []
    assert cli_main(argv) == code
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing rendered


def test_progress_bar_redraws_on_a_terminal() -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    stream = Tty()
    progress = Progress(2, stream)  # type: ignore[arg-type]
    progress.step("a.pdf written")
    progress.step("b.pdf written")
    assert stream.text.count("\r") == 2 and stream.text.endswith("\n")
    assert "[" + "#" * 28 + "] 2/2 b.pdf written" in stream.text
