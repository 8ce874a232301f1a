"""The command line as a user types it, on the fixture project (HANDOUTS_HOME)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, flat, page_texts

from handouts.commands.cli import main

REPO = Path(__file__).resolve().parent.parent  # where generate.py lives
ARGS = ["--locale", "en", "--print-date", "2026-11-23", "--output"]


@pytest.fixture(autouse=True)
def fixture_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line reads the fixture (these tests write only under tmp_path)."""
    monkeypatch.setenv("HANDOUTS_HOME", str(FIXTURE))


def test_list_shows_id_name_title_version_review_grade_and_locales(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TITLE", "VERSION", "CLINICAL", "REVIEW", "GRADE",
                                "LOCALES"]
    alpha = next(line for line in lines if line.startswith("TST-001"))
    beta = next(line for line in lines if line.startswith("TST-002"))
    for cell in ("alpha", "Resting after a test", "2.1", "pending", "en English",
                 "es español*"):
        assert cell in alpha
    for cell in ("beta", "Drinking water", "1.0", "2026-01-15", "en English", "es español*"):
        assert cell in beta
    grade = lines[0].index("GRADE")
    for row in (alpha, beta):
        assert re.fullmatch(r"-?\d+\.\d", row[grade:].split()[0]), "a reading grade"
    assert any("GRADE: Flesch-Kincaid" in line for line in lines)


def test_render_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deep" / "folder" / "a.pdf"
    assert main(["alpha", *ARGS, str(out)]) == 0
    pages = page_texts(out.read_bytes())
    said = capsys.readouterr().out
    assert f"Wrote {out} ({len(pages)} pages," in said and "TST-001 v2.1, en)" in said
    first = flat(pages[0])
    assert "Resting after a test" in first and "November 23, 2026" in first


def test_handout_can_be_named_by_document_id(tmp_path: Path) -> None:
    assert main(["tst-001", *ARGS, str(tmp_path / "by-id.pdf")]) == 0
    assert main(["alpha", *ARGS, str(tmp_path / "by-name.pdf")]) == 0
    assert (tmp_path / "by-id.pdf").read_bytes() == (tmp_path / "by-name.pdf").read_bytes()


def test_module_and_script_give_the_same_bytes(tmp_path: Path) -> None:
    env = {**os.environ, "HANDOUTS_HOME": str(FIXTURE)}
    for entry, name in ((["generate.py"], "a.pdf"), (["-m", "handouts"], "b.pdf")):
        subprocess.run([sys.executable, *entry, "beta", *ARGS, str(tmp_path / name)],
                       cwd=REPO, env=env, check=True, capture_output=True)
    made = (tmp_path / "a.pdf").read_bytes()
    assert made == (tmp_path / "b.pdf").read_bytes()
    assert "Drinking water" in flat(page_texts(made)[0])


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--locale", "--output", "--print-date", "--list", "--large-print",
                   "--bilingual", "--draft", "--paper"):
        assert option in out


def test_version_says_what_is_installed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip().startswith("handouts ")


def test_a_closed_pipe_ends_quietly(project: Path) -> None:
    """`generate.py --list | head -1`: the reader closes early; no traceback."""
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write fails with a broken pipe
    try:
        run = subprocess.run([sys.executable, str(ROOT / "generate.py"), "i18n", "status"],
                             stdout=write, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "HANDOUTS_HOME": str(project)})
    finally:
        os.close(write)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
