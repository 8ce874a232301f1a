"""`generate.py pack` on a library that is partly translated, which is the normal state.

A handout x language whose translation is incomplete (or whose script this
installation cannot print) is *waiting*: listed with its counts, not written, not a
failure (exit 0; ``--strict`` makes it one).  Only real failures exit non-zero, in a
few lines each.  Every test packs a scratch copy of the fixture project (``alpha``
TST-001 and ``beta`` TST-002 in ``en`` and ``es``); catalogs are edited through
``po_path``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import po_path
from test_pack import ALL_FOUR, pack, pdf_text, statuses

from handouts.commands.pack import MANIFEST

ALPHA_ONLY = ("Sleep well.", "Wash the skin.")  # in alpha's template, not in beta's
WAITING = "alpha · es: waiting for translation (1 of 27 messages untranslated, 1 fuzzy)"
LATIN = ("de", "fr", "it", "nl", "pt", "sv")  # languages the fixture's fonts print


def untranslate(project: Path, code: str, *, blank: tuple[str, ...] = (),
                fuzzy: tuple[str, ...] = ()) -> None:
    """Empty some translations and mark others fuzzy, as a translator's tool leaves them."""
    path = po_path(project, code)
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for msgid in (*blank, *fuzzy):
        assert catalog.get(msgid) is not None, f"{msgid!r} is not in {path}"
    for msgid in blank:
        catalog[msgid].string = ""
    for msgid in fuzzy:
        catalog[msgid].flags.add("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog)


def add_language(project: Path, code: str, *, empty: bool) -> None:
    """A new language: Spanish's settings and catalog under another code, or a catalog
    that translates nothing yet (what `i18n init` starts a translator with)."""
    shutil.copytree(project / "locales" / "es", project / "locales" / code)
    for catalog in po_path(project, code).parent.glob("*.po") if empty else ():
        catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                           f'"Language: {code}\\n"\n', "utf-8")


def waiting_section(output: str) -> list[str]:
    """The lines after "Waiting for translation", up to the next blank line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Waiting for translation"))
    section = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        section.append(line)
    return section


def test_one_incomplete_handout_language_waits_and_the_rest_is_written(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    untranslate(project, "es", blank=ALPHA_ONLY[:1], fuzzy=ALPHA_ONLY[1:])
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 0
    output = capsys.readouterr().out
    assert statuses(output) == dict.fromkeys(ALL_FOUR - {"alpha-es.pdf"}, "written")
    assert "3 files in" in output and "1 waiting for translation" in output
    assert f"  {WAITING}" in output.splitlines()
    assert "python generate.py i18n status" in output
    assert "Failed" not in output and "Translation problem" not in output
    assert len(output.splitlines()) < 15  # the table, a summary line, a short list
    assert {p.name for p in out.glob("*.pdf")} == ALL_FOUR - {"alpha-es.pdf"}
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert set(manifest["files"]) == ALL_FOUR - {"alpha-es.pdf"}
    assert manifest["waiting"] == {"alpha-es.pdf": {
        "handout": "alpha", "locale": "es", "untranslated": 1, "fuzzy": 1, "total": 27}}

    assert pack(project, out, "--locale", "en,es", "--strict") == 1  # for CI
    output = capsys.readouterr().out
    assert statuses(output) == dict.fromkeys(ALL_FOUR - {"alpha-es.pdf"}, "unchanged")
    assert WAITING in output

    assert pack(project, out, "--locale", "es", "--draft", "--strict") == 0  # a preview
    assert statuses(capsys.readouterr().out) == {"alpha-es.pdf": "written",
                                                 "beta-es.pdf": "written"}
    assert "DRAFT" in pdf_text(out / "alpha-es.pdf")


def test_a_copy_from_an_earlier_run_is_removed_when_it_is_no_longer_ready(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new sentence to translate makes last week's Spanish copy out of date: the
    pack folder holds only what may be printed today."""
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "es") == 0
    capsys.readouterr()
    untranslate(project, "es", blank=ALPHA_ONLY)
    assert pack(project, out, "--locale", "es") == 0
    output = capsys.readouterr().out
    assert statuses(output) == {"beta-es.pdf": "unchanged"}  # its own catalog did not change
    assert "alpha · es: waiting for translation (2 of 27 messages untranslated)" in output
    assert "Removed out-of-date copies from an earlier run: alpha-es.pdf" in output
    assert not (out / "alpha-es.pdf").exists() and (out / "beta-es.pdf").exists()


def test_a_file_the_pack_did_not_write_is_never_removed(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "alpha-es.pdf").write_bytes(b"someone else's file")
    untranslate(project, "es", blank=ALPHA_ONLY)
    assert pack(project, out, "--locale", "es") == 0
    assert "Removed" not in capsys.readouterr().out
    assert (out / "alpha-es.pdf").read_bytes() == b"someone else's file"


def test_many_waiting_are_grouped_a_line_per_language(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Six new languages not started (12 handout x language) and one whose script this
    version cannot print: a line per language, not a line per pair, and exit 0."""
    for code in LATIN:
        add_language(project, code, empty=True)
    add_language(project, "th", empty=False)  # Thai: lines cannot be broken without spaces
    out = tmp_path / "out"
    assert pack(project, out) == 0
    output = capsys.readouterr().out
    assert statuses(output) == dict.fromkeys(ALL_FOUR, "written")
    assert "14 waiting for translation" in output
    section = waiting_section(output)
    assert len(section) == len(LATIN) + 3, section  # + Thai, what to do, how to see all
    assert ("  fr · 2 of 2 handouts waiting for translation (48 messages untranslated): "
            "alpha, beta") in section
    thai = next(line for line in section if line.startswith("  th "))
    assert thai.startswith("  th · 2 handouts: waiting: this version cannot print it yet")
    assert "Thai script" in thai
    assert section[-1] == "  Every handout × language, with what is left: " \
                          "python generate.py i18n status"
    assert "Failed" not in output
    assert set(json.loads((out / MANIFEST).read_text("utf-8"))["waiting"]) == {
        f"{name}-{code}.pdf" for name in ("alpha", "beta") for code in (*LATIN, "th")}


def test_a_font_missing_a_character_is_a_real_failure_in_a_few_lines(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A character no font of the language has fails that file (exit 1), shortly;
    the files that are ready are written, the waiting one still only waits."""
    path = po_path(project, "es", "beta")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog["Water helps your body heal."].string = "El agua \U00010000 ayuda."  # Linear B
    with path.open("wb") as fh:
        write_po(fh, catalog)
    untranslate(project, "es", blank=ALPHA_ONLY[:1], fuzzy=ALPHA_ONLY[1:])
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 1
    output = capsys.readouterr().out
    assert statuses(output) == {"alpha-en.pdf": "written", "beta-en.pdf": "written",
                                "beta-es.pdf": "FAILED"}
    assert WAITING in output
    failed = output[output.index("\nFailed:"):].strip().splitlines()
    assert failed[1] == "  beta-es.pdf:" and "U+10000" in "\n".join(failed)
    assert len(failed) <= 2 + 5  # a heading, the file, its message in a few lines
    assert not (out / "beta-es.pdf").exists()


def test_a_broken_template_is_reported_once_for_all_its_languages(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = project / "templates" / "handouts" / "broken.xml.j2"
    template.write_text('{#---\nid = "TST-999"\nversion = "1.0"\n---#}\n'
                        '{% extends "layout/base.xml.j2" %}\n'
                        '{% block title %}{{ _("Broken" }}{% endblock %}\n', "utf-8")
    assert pack(project, tmp_path / "out", "--locale", "en,es") == 1
    output = capsys.readouterr().out
    assert output.count("template syntax error") == 1
    assert "  broken-en.pdf, broken-es.pdf:" in output.splitlines()


def test_a_new_handout_not_yet_translated_waits(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A handout just added has no Spanish yet (no `i18n update` since): English is
    written, Spanish waits; nothing failed."""
    templates = project / "templates" / "handouts"
    (templates / "gamma.xml.j2").write_text(
        (templates / "beta.xml.j2").read_text("utf-8").replace("TST-002", "TST-003"), "utf-8")
    assert pack(project, tmp_path / "out", "--locale", "en,es", "--handout", "gamma") == 0
    output = capsys.readouterr().out
    assert statuses(output) == {"gamma-en.pdf": "written"}
    assert "  gamma · es: waiting for translation (" in output and "Failed" not in output
