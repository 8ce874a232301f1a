"""Every case of the bad-input corpus (tests/bad_inputs.py), through the command line and
the web page: no traceback, no hang, no 500, no partial file, the message names the
file or field, and what prints is what was written.

The command line: exit code of the case's kind, at most one screen of message, and
the output folder left empty when refused (no PDF, no temporary file).  The web app,
for the files it reads: every answer is a page or a JSON problem, never a 500; when
one language's file is broken, that language is refused (409) while English prints
and /healthz still answers.  Each case runs under a 60-second alarm: a hang fails.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from bad_inputs import CASES, Case
from conftest import FIXTURE, copy_project, flat
from conftest import msgfmt as find_msgfmt
from web_support import JSON, make_app

from handouts.commands.cli import main

HANG = 60  # seconds: a render takes well under one
SCREEN = 20  # lines: one screen


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"hung for {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def broken(request: pytest.FixtureRequest, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> tuple[Case, Path]:
    case: Case = request.param
    project = copy_project(FIXTURE, tmp_path / "project")
    monkeypatch.setenv("HANDOUTS_HOME", str(project))
    case.mutate(project)
    return case, project


def ids(case: Case) -> str:
    return f"{case.point}-{case.name}"


@pytest.mark.parametrize("broken", CASES, ids=ids, indirect=True)
def test_command_line(broken: tuple[Case, Path], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    case, project = broken
    out = tmp_path / "out"
    out.mkdir()
    argv = ["alpha", "--locale", case.locale, "--print-date", "2026-11-23",
            "--output", str(out / "alpha.pdf"), *case.args]
    with alarm(HANG):
        code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Error:" not in err.split(":", 1)[0], err
    assert code == case.exit_code, err
    if case.exit_code == 0:
        text = pdf_text(out / "alpha.pdf")
        for words in case.says:
            assert words in text, (words, text[:300])
        assert_on_the_paper(out / "alpha.pdf")
        return
    assert len(err.splitlines()) <= SCREEN, err
    for words in case.says:
        assert words in err, (words, err)
    assert list(out.iterdir()) == []  # no PDF, no temporary file
    if case.web_language:  # one language's file: English prints all the same
        assert main([*argv[:2], "en", *argv[3:]]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("broken", [c for c in CASES if c.point == "po-file"], ids=ids,
                         indirect=True)
def test_what_msgfmt_refuses_the_gate_refuses(broken: tuple[Case, Path]) -> None:
    """GNU msgfmt --check, an outside reader, against the same files: the gate is never
    laxer (it is stricter: a charset that lies about the bytes, say)."""
    case, project = broken
    msgfmt = find_msgfmt()
    catalogs = list((project / "locales" / "es" / "LC_MESSAGES").glob("*.po"))
    refused = [subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)],
                              capture_output=True, timeout=60).returncode != 0
               for po in catalogs if po.is_file()] + [any(p.is_dir() for p in catalogs)]
    if any(refused):
        assert case.exit_code == 8, case


FILE_CASES = [case for case in CASES if case.point != "cli"]


@pytest.mark.parametrize("broken", FILE_CASES, ids=ids, indirect=True)
def test_web_page(broken: tuple[Case, Path]) -> None:
    case, project = broken
    client = make_app(project, STAT_INTERVAL=0).test_client()
    with alarm(HANG):
        answers = {path: client.get(path, headers=JSON) for path in (
            "/", "/healthz", "/api/handouts", f"/handouts/alpha.pdf?locale={case.locale}",
            "/handouts/alpha.pdf?locale=en", "/handouts/alpha?locale=es")}
    for path, answer in answers.items():
        assert answer.status_code != 500, (path, answer.data[:300])
        assert b"Traceback" not in answer.data, path
        if answer.status_code >= 400:
            assert answer.get_json()["error"], path  # a problem that says what is wrong
    mine = answers[f"/handouts/alpha.pdf?locale={case.locale}"]
    if case.exit_code == 0:
        assert mine.status_code == 200 and mine.mimetype == "application/pdf"
    else:
        assert mine.status_code in (409, 422, 503), mine.data[:300]
    if case.web_language:  # one language broken: that one alone is refused
        assert mine.status_code == 409
        assert answers["/handouts/alpha.pdf?locale=en"].status_code == 200
        assert answers["/healthz"].status_code == 200
    if case.point in ("po-file", "locale", "fonts") and case.name != "empty-file":  # a file:
        health = answers["/healthz"].get_json()  # IT's monitoring names it
        assert health["status"] == "degraded", health
        assert any(case.says[0] in problem for problem in health["problems"]), health


#: Printers leave a quarter inch (18 pt) at each edge unprinted.
PRINTABLE_INSET = 18.0


def assert_on_the_paper(path: Path) -> None:
    """Every character inside the printable area of its page, and no word printed over
    another (pdfplumber's geometry)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for char in page.chars:
                inside = (char["x0"] >= PRINTABLE_INSET and char["top"] >= PRINTABLE_INSET and
                          char["x1"] <= page.width - PRINTABLE_INSET and
                          char["bottom"] <= page.height - PRINTABLE_INSET)
                assert inside, (number, char["text"], char["x0"], char["top"], char["bottom"])
            words = page.extract_words()
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    assert not overprinted(a, b), (number, a["text"], b["text"])


def overprinted(a: dict[str, float], b: dict[str, float]) -> bool:
    """Two words whose boxes overlap by more than half the smaller one, both ways."""
    across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    width = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
    height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
    return across > width / 2 and down > height / 2


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return flat(done.stdout)
