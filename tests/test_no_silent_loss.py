"""Text never vanishes: a blank translation is untranslated, and metadata means what it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import catalog_of, flat, page_texts, render

from handouts.commands.cli import main
from handouts.errors import IncompleteTranslationError

SENTENCE = "Water helps your body heal."


def blank_out(project: Path, msgid: str, value: str) -> None:
    path = catalog_of(project, "es", msgid)
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog[msgid].string = value
    with path.open("wb") as fh:
        write_po(fh, catalog)


@pytest.mark.parametrize("value", [" ", "   \t ", "\u00a0"])
def test_a_translation_of_spaces_is_not_a_translation(project: Path, value: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    blank_out(project, SENTENCE, value)
    with pytest.raises(IncompleteTranslationError, match="Water helps"):
        render("beta", locale="es", project_dir=project)
    assert main(["i18n", "check", "es"]) == 1
    assert "only spaces" in capsys.readouterr().out
    draft = flat(" ".join(page_texts(render("beta", locale="es", draft=True,
                                            project_dir=project).pdf)))
    assert SENTENCE in draft, "a draft shows the English, highlighted, never a gap"
    assert "1 frase todavía no está traducida" in draft


@pytest.mark.parametrize("value", ['"spine"', "7", '["spine", 3]', '[""]'])
def test_keywords_must_be_a_list_of_words(project: Path, value: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "templates" / "handouts" / "alpha.xml.j2"
    text = path.read_text("utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("keywords"))
    path.write_text(text.replace('keywords = ["alpha", "rest", "test"]', f"keywords = {value}"),
                    "utf-8")
    assert main(["alpha", "--output", str(project / "a.pdf")]) == 5
    err = capsys.readouterr().err
    assert f"alpha.xml.j2:{line}" in err and "list of words" in err and "Traceback" not in err
    assert not (project / "a.pdf").exists()
