"""A script this installation would print wrongly is refused everywhere, never printed.

Arabic needs right-to-left lines and joined letters, Hindi needs its vowel
signs and conjuncts shaped.  With uharfbuzz and python-bidi installed they
print (tests/test_shaped_scripts.py); without them, or for a vertical script,
a PDF would look finished and a patient could not read it: refused, with
what to install.  A complete catalog must not change that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import po_path, render

from handouts.commands.cli import main
from handouts.errors import UnsupportedScriptError
from handouts.i18n import scripts
from handouts.i18n.scripts import script_of, unsupported
from handouts.web import create_app

ARABIC = "نص عربي للاختبار"  # "Arabic text for testing"


SHAPED = [("ar", "Arab"), ("fa", "Arab"), ("ur", "Arab"), ("he", "Hebr"), ("hi", "Deva"),
          ("ne", "Deva"), ("pa", "Guru")]


@pytest.fixture
def no_shaping(monkeypatch: pytest.MonkeyPatch) -> None:
    """An installation without the shaping libraries."""
    monkeypatch.setattr(scripts, "missing_libraries", lambda: ["uharfbuzz", "python-bidi"])


@pytest.mark.parametrize("code,script", SHAPED)
def test_scripts_that_need_shaping_print_when_the_libraries_are_there(code: str,
                                                                      script: str) -> None:
    assert script_of(code) == script
    assert unsupported(code) is None


@pytest.mark.parametrize("code,script", SHAPED)
def test_without_the_libraries_they_are_refused_saying_what_to_install(
        code: str, script: str, no_shaping: None) -> None:
    refusal = unsupported(code)
    assert refusal is not None and refusal.exit_code == 8
    assert refusal.script in refusal.message and "cannot print it correctly" in refusal.message
    assert "pip install uharfbuzz python-bidi" in refusal.hint


def test_a_vertical_script_is_refused() -> None:
    refusal = unsupported("mn_Mong")
    assert refusal is not None and "vertical" in refusal.message


@pytest.mark.parametrize("code", ["th", "km", "lo", "my"])
def test_scripts_without_spaces_between_words_are_refused(code: str) -> None:
    """A Thai line cannot be broken without a dictionary: it would run off the page."""
    refusal = unsupported(code)
    assert refusal is not None and "without spaces" in refusal.message


@pytest.mark.parametrize("code", ["en", "es", "fr", "vi", "ko", "am", "ti", "zh_Hans", "zh_Hant",
                                  "ru", "el", "ht"])
def test_scripts_that_print_are_not_refused(code: str, no_shaping: None) -> None:
    assert unsupported(code) is None


def add_complete_arabic(project: Path) -> None:
    """An Arabic locale whose catalog translates every message (placeholders kept)."""
    folder = project / "locales" / "ar"
    (folder / "LC_MESSAGES").mkdir(parents=True)
    (folder / "locale.toml").write_text('fonts = ["NotoSans"]\n', "utf-8")
    with po_path(project, "es").open("rb") as fh:
        catalog = read_po(fh, locale="ar")
    for message in catalog:
        if message.id and isinstance(message.string, str):
            kept = " ".join(part for part in message.id.split() if "%(" in part)
            message.string = f"{ARABIC} {kept}".strip()
        elif message.id:
            message.string = tuple(f"{ARABIC} %(count)s" for _ in range(6))
    with po_path(project, "ar").open("wb") as fh:
        write_po(fh, catalog)


def test_a_complete_arabic_catalog_is_refused_not_printed(
        project: Path, capsys: pytest.CaptureFixture[str], no_shaping: None) -> None:
    add_complete_arabic(project)
    for draft in (False, True):
        with pytest.raises(UnsupportedScriptError, match="right-to-left"):
            render(locale="ar", draft=draft, project_dir=project)
    out = project / "ar.pdf"
    assert main(["alpha", "--locale", "ar", "--output", str(out)]) == 8
    err = capsys.readouterr().err
    assert "Arabic script" in err and "What to do" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["i18n", "check", "ar"]) == 1
    assert "cannot print it correctly" in capsys.readouterr().out


def test_the_web_page_offers_it_disabled_and_the_pdf_is_409(project: Path,
                                                             no_shaping: None) -> None:
    add_complete_arabic(project)
    client = create_app({"PROJECT_DIR": project}).test_client()
    html = client.get("/handouts/alpha").get_data(as_text=True)
    assert 'value="ar" disabled>' in html
    assert "this version cannot print its script correctly yet" in html
    response = client.get("/handouts/alpha.pdf?locale=ar")
    assert response.status_code == 409 and response.mimetype != "application/pdf"


@pytest.mark.parametrize("code", ["hi", "ar"])
def test_init_refuses_and_leaves_nothing(project: Path, code: str, no_shaping: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (project / "locales").iterdir())
    assert main(["i18n", "init", code]) == 8
    assert "cannot print it correctly" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "locales").iterdir()) == before


def test_init_of_a_code_babel_does_not_know_is_a_usage_error(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "init", "xx_Nope"]) == 2
    err = capsys.readouterr().err
    assert "not a locale" in err and "Traceback" not in err


WITHOUT_HARFBUZZ = """
import sys
sys.modules["uharfbuzz"] = None  # as if it were not installed
from handouts.commands.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("code,status", [("en", 0), ("es", 0), ("ar", 8), ("hi", 8)])
def test_without_harfbuzz_latin_prints_and_shaped_scripts_are_refused(
        scripts_project: Path, code: str, status: int) -> None:
    """Really without the library, in a process of its own: no traceback, no file."""
    out = scripts_project / f"{code}.pdf"
    run = subprocess.run([sys.executable, "-c", WITHOUT_HARFBUZZ, "alpha", "--locale", code,
                          "--output", str(out)], capture_output=True, text=True,
                         env={**os.environ, "HANDOUTS_HOME": str(scripts_project)})
    assert run.returncode == status, run.stderr
    assert "Traceback" not in run.stderr
    assert out.exists() is (status == 0)
    if status:
        assert "pip install uharfbuzz" in run.stderr
