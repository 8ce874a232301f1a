"""The command line as a user types it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, flat, page_texts

from handouts.commands.cli import main


def test_list_shows_id_title_version_review_and_locales(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("SPN-001"))
    for cell in ("vertebroplasty", "Vertebroplasty", "1.0", "pending", "en"):
        assert cell in row
    assert "GRADE" in out


def test_render_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deep" / "folder" / "v.pdf"
    assert main(["vertebroplasty", "--locale", "en", "--output", str(out),
                 "--print-date", "2026-11-23"]) == 0
    assert "3 pages" in capsys.readouterr().out
    assert "November 23, 2026" in flat(page_texts(out.read_bytes())[0])


def test_handout_can_be_named_by_document_id(tmp_path: Path) -> None:
    assert main(["spn-001", "--output", str(tmp_path / "v.pdf"),
                 "--print-date", "2026-11-23"]) == 0


def test_module_and_script_give_the_same_bytes(tmp_path: Path) -> None:
    common = ["vertebroplasty", "--locale", "en", "--print-date", "2026-11-23", "--output"]
    for entry, name in ((["generate.py"], "a.pdf"), (["-m", "handouts"], "b.pdf")):
        subprocess.run([sys.executable, *entry, *common, str(tmp_path / name)], cwd=ROOT,
                       check=True, capture_output=True)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--locale", "--output", "--print-date", "--list", "--large-print",
                   "--bilingual", "--draft"):
        assert option in out
