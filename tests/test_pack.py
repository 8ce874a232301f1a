"""`generate.py pack`: every handout x locale, in parallel, skipping what has not changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handouts.commands.cli import main as cli_main
from handouts.commands.pack import MANIFEST, Progress, main
from handouts.project import default_project_dir

PROJECT = default_project_dir()
DATE = "2026-03-02"
BROKEN_BODY = """{#---
id = "TST-002"
version = "1.0"
---#}
{% extends "layout/base.xml.j2" %}
{% block title %}{{ _("Broken" }}{% endblock %}
"""
BROKEN_META = "{#---\nid = 'not an id'\n---#}\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A private copy of the handout data (fonts linked, not copied) that a test may edit."""
    target = tmp_path / "project"
    for name in ("templates", "locales", "brand"):
        shutil.copytree(PROJECT / name, target / name)
    (target / "fonts").symlink_to(PROJECT / "fonts")
    return target


def pack(project: Path, out: Path, *extra: str) -> int:
    return main(["--project", str(project), "--output", str(out), "--print-date", DATE,
                 "--jobs", "1", *extra])


def statuses(output: str) -> dict[str, str]:
    """FILE -> STATUS from the summary table."""
    rows = [line.split() for line in output.splitlines() if line.endswith((
        " written", " unchanged", " FAILED"))]
    return {row[0]: row[-1] for row in rows}


def test_pack_writes_each_locale_then_skips_unchanged(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 0
    first = capsys.readouterr()
    assert statuses(first.out) == {"vertebroplasty-en.pdf": "written",
                                   "vertebroplasty-es.pdf": "written"}
    assert "FILE" in first.out and "PAGES" in first.out and "2 written" in first.out
    assert "2/2" in first.err and "[#" in first.err  # the progress bar
    assert (out / "vertebroplasty-es.pdf").read_bytes().startswith(b"%PDF")
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert set(manifest["files"]) == {"vertebroplasty-en.pdf", "vertebroplasty-es.pdf"}

    assert pack(project, out, "--locale", "en,es") == 0
    assert set(statuses(capsys.readouterr().out).values()) == {"unchanged"}

    catalog = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text("utf-8") + "\n# a translator's comment\n", "utf-8")
    assert pack(project, out, "--locale", "en,es") == 0
    assert statuses(capsys.readouterr().out) == {"vertebroplasty-en.pdf": "unchanged",
                                                 "vertebroplasty-es.pdf": "written"}


def test_changed_options_or_a_damaged_file_render_again(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en") == 0
    (out / "vertebroplasty-en.pdf").write_bytes(b"truncated")
    assert main(["--project", str(project), "--output", str(out), "--print-date", "2026-03-03",
                 "--locale", "en", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert pack(project, out, "--locale", "en") == 0  # back to the first date: render again
    assert statuses(capsys.readouterr().out) == {"vertebroplasty-en.pdf": "written"}


def test_large_print_and_bilingual_names(project: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "es") == 0
    assert pack(project, out, "--locale", "es", "--large-print", "--bilingual",
                "--handout", "SPN-001") == 0
    assert (out / "vertebroplasty-es-large-bilingual.pdf").is_file()
    capsys.readouterr()
    assert pack(project, out, "--locale", "es") == 0  # the other run kept this one's record
    assert statuses(capsys.readouterr().out) == {"vertebroplasty-es.pdf": "unchanged"}


def test_a_broken_handout_fails_alone(project: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (project / "templates" / "handouts" / "broken.xml.j2").write_text(BROKEN_BODY, "utf-8")
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "en,es") == 1
    output = capsys.readouterr().out
    assert statuses(output) == {"broken-en.pdf": "FAILED", "broken-es.pdf": "FAILED",
                                "vertebroplasty-en.pdf": "written",
                                "vertebroplasty-es.pdf": "written"}
    assert "Failed:" in output and "template syntax error" in output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["vertebroplasty-en.pdf",
                                                         "vertebroplasty-es.pdf"]
    assert set(json.loads((out / MANIFEST).read_text("utf-8"))["files"]) == {
        "vertebroplasty-en.pdf", "vertebroplasty-es.pdf"}


def test_broken_metadata_fails_alone(project: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (project / "templates" / "handouts" / "badmeta.xml.j2").write_text(BROKEN_META, "utf-8")
    assert pack(project, tmp_path / "out", "--locale", "en") == 1
    output = capsys.readouterr().out
    assert "should look like" in output  # the metadata error, listed for its own file
    assert statuses(output) == {"badmeta-en.pdf": "FAILED", "vertebroplasty-en.pdf": "written"}


def test_incomplete_translation_fails_unless_draft(project: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    out = tmp_path / "out"
    assert pack(project, out, "--locale", "fr") == 1
    assert "the fr translation of vertebroplasty is incomplete" in capsys.readouterr().out
    assert pack(project, out, "--locale", "fr", "--draft") == 0
    assert (out / "vertebroplasty-fr.pdf").is_file()


def test_parallel_pack_matches_serial(project: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert pack(project, serial, "--locale", "en,es,zh_Hans") == 0
    assert main(["--project", str(project), "--output", str(parallel), "--print-date", DATE,
                 "--locale", "en,es,zh_Hans", "--jobs", "2"]) == 0
    for pdf in serial.glob("*.pdf"):
        assert (parallel / pdf.name).read_bytes() == pdf.read_bytes()


def test_all_locales_is_the_default(project: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    for folder in (project / "locales").iterdir():
        if folder.is_dir() and folder.name not in ("en", "es"):
            shutil.rmtree(folder)
    assert main(["--project", str(project), "--output", str(tmp_path / "o"),
                 "--print-date", DATE, "--jobs", "1"]) == 0
    assert set(statuses(capsys.readouterr().out)) == {"vertebroplasty-en.pdf",
                                                      "vertebroplasty-es.pdf"}


@pytest.mark.parametrize(("args", "code", "text"), [
    (["--handout", "nonesuch"], 3, "Unknown handout"),
    (["--locale", "xx"], 4, "Unknown language"),
    (["--jobs", "0"], 2, "--jobs"),
    (["--print-date", "03/02/2026"], 2, "is not a date"),
    ([], 2, "--output"),
])
def test_mistakes_are_one_line_errors(args: list[str], code: int, text: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["pack", *args] + (["--output", str(tmp_path / "o")] if args else [])
    assert cli_main(argv) == code
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


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
