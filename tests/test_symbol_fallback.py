"""Common symbols print in every language: a T-score of −2.5 is not refused and is not
printed with a hyphen. The fixture's only text font, Noto Sans, lacks − ≥ ≤ → ✓ ☐; the
symbol fallback families (``fallback = true`` in fonts.toml) draw them in every locale."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po, write_po
from conftest import flat, page_texts, po_path, render
from pdfcheck import find_notdef

from handouts.pipeline import Rendered

SYMBOLS = "−2.5 ≥ 3 ° × ½"  # U+2212 MINUS SIGN first: Noto Sans has no glyph for it
HEADING = "≤ 4 → ✓ ☐"  # in a heading: bold, and the fallbacks have no bold face
BY_FALLBACK = {"−": "NotoSansMath", "≥": "NotoSansMath", "≤": "NotoSansMath",
               "→": "NotoSansMath", "✓": "NotoSansSymbols2", "☐": "NotoSansSymbols2"}


def _english_with_symbols(project: Path) -> Rendered:
    template = project / "templates" / "handouts" / "alpha.xml.j2"
    text = template.read_text("utf-8")
    text = text.replace("Drink water.", f"Drink water: {SYMBOLS}.")
    text = text.replace('_("How to rest")', f'_("How to rest {HEADING}")')
    template.write_text(text, "utf-8")
    return render(locale="en", project_dir=project)


def _spanish_with_symbols(project: Path) -> Rendered:
    path = po_path(project, "es")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="es")
    catalog["Drink water."].string = f"Beba agua: {SYMBOLS}."
    catalog["How to rest"].string = f"Cómo descansar {HEADING}"
    with path.open("wb") as fh:
        write_po(fh, catalog)
    return render(locale="es", project_dir=project)


def _fonts_of(pdf: bytes) -> dict[str, set[str]]:
    """Each non-ASCII character on page 1, with the embedded fonts that draw it."""
    found: dict[str, set[str]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for char in document.pages[0].chars:
            if not char["text"].isascii():
                found.setdefault(char["text"], set()).add(char["fontname"].split("+")[-1])
    return found


@pytest.mark.parametrize(("locale", "make", "body"), [
    ("en", _english_with_symbols, f"Drink water: {SYMBOLS}."),
    ("es", _spanish_with_symbols, f"Beba agua: {SYMBOLS}."),
])
def test_symbols_print_from_the_fallback_fonts(project: Path, locale: str,
                                               make: Callable[[Path], Rendered],
                                               body: str) -> None:
    """Through the gate (a translation) and the template, in body text and a bold heading."""
    result = make(project)
    assert result.locale.code == locale
    text = flat(" ".join(page_texts(result.pdf)))
    assert body in text and HEADING in text
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        assert body in flat(document.pages[0].extract_text())
    fonts = _fonts_of(result.pdf)
    for char, family in BY_FALLBACK.items():
        assert fonts.get(char) == {f"{family}-Regular"}, (char, fonts.get(char))
    assert fonts["°"] == fonts["×"] == fonts["½"] == {"NotoSans-Regular"}  # the text font has them
    assert find_notdef(result.pdf) == []

