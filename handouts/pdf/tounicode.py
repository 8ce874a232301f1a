"""The text layer of shaped glyphs: ToUnicode maps that say what each glyph stands for.

``shaping`` writes a glyph with no character of its own (a conjunct, a joined
form, a mirrored bracket) as a private-use code point and records the letters
it stands for; here, in the finished PDF, every font's ToUnicode map is
rewritten so those codes, and Arabic joined forms, read as their letters.
"""

from __future__ import annotations

from typing import Any
from unicodedata import category, normalize

from .shaping import stands_for


def fix_to_unicode(document: Any) -> dict[int, bytes]:
    """For a finished PDF (open in pikepdf): each ToUnicode map that needs it, rewritten
    so each private-use glyph maps to the letters it stands for and each Arabic
    joined form to its letter, and without the entry ReportLab writes for code 0
    (.notdef, never drawn) as U+0000, which PDF/UA-1 (7.21.7) forbids; by object
    number, for an incremental update."""
    fixed: dict[int, bytes] = {}
    for font in _fonts(document):
        cmap = font.get("/ToUnicode")
        if cmap is None:
            continue
        text = cmap.read_bytes().decode("latin-1")
        remapped = fixed_cmap(str(font.get("/BaseFont", "")), text)
        if remapped != text:
            fixed[cmap.objgen[0]] = remapped.encode("latin-1")
    return fixed


def fixed_cmap(base_font: str, cmap: str) -> str:
    """The ToUnicode map of the font subset named base_font (``AAAAAA+NotoSans-Bold``)
    as ``fix_to_unicode`` rewrites it."""
    return _remap(cmap, stands_for(base_font.split("+")[-1].lstrip("/")))


def _fonts(document: Any) -> list[Any]:
    seen, fonts = set(), []
    for page in document.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                fonts.append(font)
    return fonts


def _one_letter_or_marks(text: str) -> bool:
    return len(text) == 1 or bool(text) and all(category(c) == "Mn" for c in text)


#: Text a ToUnicode entry must never give (PDF/UA-1 7.21.7, veraPDF rule 7.21.7-2).
FORBIDDEN = frozenset({"0000", "FEFF", "FFFE"})


def _remap(cmap: str, stands_for: dict[int, str]) -> str:
    """Rewrite ``<code> <XXXX>`` destinations in a ToUnicode CMap's bfchar entries."""
    def destination(hex_code: str) -> str:
        code = int(hex_code, 16)
        if code in stands_for:
            text = stands_for[code]
        elif (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF) \
                and _one_letter_or_marks(letter := normalize("NFKC", chr(code)).strip()):
            text = letter  # a joined form reads as its letter, a shadda-with-kasra form as
            # those marks (its compatibility form has a space, which split the word); a
            # ligature (لا) stays as it is: text extractors reverse its letters themselves
        else:
            return hex_code
        return text.encode("utf-16-be").hex().upper()

    out: list[str] = []
    start = 0  # where the bfchar block being read starts
    for line in cmap.split("\n"):
        parts = line.split()
        if len(parts) == 2 and all(p.startswith("<") and p.endswith(">") for p in parts):
            if parts[1][1:-1].upper() in FORBIDDEN:
                continue  # a code never drawn (.notdef): no text at all, not U+0000
            line = f"{parts[0]} <{destination(parts[1][1:-1])}>"
        elif parts[1:] == ["beginbfchar"]:
            start = len(out)
        elif parts == ["endbfchar"]:  # the block's count, as now written
            out[start] = f"{len(out) - start - 1} beginbfchar"
        out.append(line)
    return "\n".join(out)
