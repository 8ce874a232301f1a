"""Text shaping with HarfBuzz: the glyphs a run of text really needs.

Arabic letters join and change form, Devanagari puts the vowel sign ि before
its consonant and builds conjuncts: drawing each character's own glyph prints
them broken.  :func:`shape` runs HarfBuzz (uharfbuzz) on one run of one font
in one direction and returns ReportLab's ``ShapedStr``: one character per
glyph, with HarfBuzz's advances and offsets, which ReportLab's canvas draws
and embeds (subset) like any other text.

A glyph with no character of its own (a ligature, a contextual form) is given
a private-use code point derived from its glyph id, so the same text gives
the same bytes in every process.  The logical text is kept for the PDF's text
layer (``/ActualText``, see textflow.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from unicodedata import normalize

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

PRIVATE_BASE = 0xE000  # glyph N without a character of its own is drawn as U+E000 + N
PRIVATE_LAST = 0xF8FF
FEATURES = {"kern": True, "liga": True}
_lock = threading.Lock()


@dataclass(frozen=True)
class Shaped:
    """One run, shaped: glyphs in drawing order (left to right)."""

    glyphs: ShapedStr  # for ReportLab's canvas
    clusters: tuple[int, ...]  # per glyph: index of its first character in the run
    advances: tuple[float, ...]  # per glyph, in 1/1000 em
    notdef: int  # index of the first character this font has no glyph for, or -1
    actual: dict[int, str]  # clusters whose glyphs do not read back as their text

    def width(self, size: float) -> float:
        return sum(self.advances) * size / 1000


def _font(name: str) -> TTFont:
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise TypeError(f"{name} is not a TrueType font")
    return font


def _char_for(font: TTFont, gid: int, advance: float) -> int:
    """The code point ReportLab will draw this glyph as (see the module docstring)."""
    face = font.face
    chars = face.glyphToChar.get(gid)
    if chars:
        return int(chars[0])
    code = PRIVATE_BASE + gid
    if code > PRIVATE_LAST:
        raise ValueError(f"glyph {gid} of {font.fontName} is beyond the private-use area")
    with _lock:
        if face.charToGlyph.get(code, gid) != gid:
            raise ValueError(f"{font.fontName} maps U+{code:04X} to a glyph of its own")
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance
    return code


def _hb_font(font: TTFont) -> hb.Font:
    """HarfBuzz's font for a ReportLab font, made once (it reads the same file data)."""
    hb_font = getattr(font, "_handouts_hb_font", None)
    if hb_font is None:
        hb_font = hb.Font(font.hbFace)
        font._handouts_hb_font = hb_font
    return hb_font


@lru_cache(maxsize=4096)
def shape(text: str, font_name: str, rtl: bool, language: str = "") -> Shaped:
    """Shape one run of text in one font and one direction (cached: HarfBuzz gives the
    same glyphs for the same text, font and direction, and pages repeat their text)."""
    font = _font(font_name)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()  # the script
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(_hb_font(font), buf, FEATURES)
    scale, widths = font.face._pdfScale, font.face.charWidths
    chars, data, clusters, advances, notdef = [], [], [], [], -1
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid, cluster = info.codepoint, info.cluster
        advance = scale(pos.x_advance)
        code = _char_for(font, gid, advance)
        if gid == 0 and notdef < 0:
            notdef = cluster
        chars.append(chr(code))
        data.append(ShapeData(cluster, advance, scale(pos.y_advance), scale(pos.x_offset),
                              scale(pos.y_offset), widths.get(code, advance)))
        clusters.append(cluster)
        advances.append(advance)
    return Shaped(ShapedStr("".join(chars), shapeData=data), tuple(clusters),
                  tuple(advances), notdef, _actual_text(text, chars, clusters, rtl))


def _actual_text(text: str, glyphs: list[str], clusters: list[int], rtl: bool,
                 ) -> dict[int, str]:
    """Clusters whose glyphs do not read back as their characters (a conjunct, a vowel
    sign drawn first, reordered marks): cluster -> its characters, for /ActualText.

    Each glyph reads back as its own character (a presentation form as the letters
    it stands for); a right-to-left cluster's glyphs are in drawing order."""
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    drawn: dict[int, list[str]] = {}
    for glyph, cluster in zip(glyphs, clusters, strict=True):
        drawn.setdefault(cluster, []).append(glyph)
    result = {}
    for cluster, chars in drawn.items():
        logical = text[cluster:ends[cluster]]
        order = reversed(chars) if rtl else chars
        if "".join(_read_back(c) for c in order) != logical:
            result[cluster] = logical
    return result


@lru_cache(maxsize=4096)
def _read_back(char: str) -> str:
    return normalize("NFKC", char)
