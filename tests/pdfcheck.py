"""Read a PDF the way a reader's eye would: which characters printed as .notdef boxes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

_BFCHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class Notdef:
    page: int
    font: str
    code: int


def _to_unicode(font: DictionaryObject) -> dict[int, int]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    text = stream.get_object().get_data().decode("latin-1")
    return {int(code, 16): int(uni, 16) for code, uni in _BFCHAR.findall(text)}


def _raw(value: object) -> bytes:
    """The string's bytes as written in the content stream (pypdf may have decoded it)."""
    if hasattr(value, "get_original_bytes"):
        return bytes(value.get_original_bytes())
    return bytes(value) if isinstance(value, bytes) else b""


def _shown_codes(operands: list[object], operator: bytes) -> bytes:
    if operator in (b"Tj", b"'", b'"'):
        return _raw(operands[-1])
    if operator == b"TJ":
        return b"".join(_raw(x) for x in operands[0])  # type: ignore[attr-defined]
    return b""


def find_notdef(pdf: bytes) -> list[Notdef]:
    """Codes drawn with a simple TrueType font that map to no character (.notdef glyphs).

    ReportLab draws a character its font lacks as code 0, which the font's
    ToUnicode map sends to U+0000: the glyph shown is the empty or boxed .notdef.
    """
    reader = PdfReader(io.BytesIO(pdf))
    found: list[Notdef] = []
    for number, page in enumerate(reader.pages, start=1):
        fonts = {name: obj.get_object() for name, obj in page["/Resources"]["/Font"].items()}
        maps = {name: _to_unicode(font) for name, font in fonts.items()}
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = operands[0]
                continue
            for code in _shown_codes(operands, operator):
                if current is not None and maps.get(current, {}).get(code, 0) == 0:
                    found.append(Notdef(number, str(fonts[current]["/BaseFont"]), code))
    return found
