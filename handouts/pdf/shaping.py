"""Text shaping with HarfBuzz, and the glyphs' text layer.

Arabic letters join and change form, Devanagari puts the vowel sign ि before
its consonant and builds conjuncts: drawing each character's own glyph prints
them broken.  :func:`shape` runs HarfBuzz (uharfbuzz) on one run of one font
in one direction; :func:`glyph_operators` draws the result.

Copying, search and screen readers read a PDF's glyphs in content order,
each through the font's ToUnicode map.  So glyphs are *written* in logical
order (each placed where HarfBuzz puts it: an Arabic word's first letter at
its right end, ि left of its consonant), and a glyph with no character of its
own (a conjunct, a joined form) gets a private-use code point from its glyph
id (the same in every process) that ``tounicode.fix_to_unicode`` maps to
the letters it stands for.  poppler's struct text, pdftotext and pdfplumber then
all read the words as written.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from unicodedata import normalize

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PRIVATE_BASE = 0xE000  # glyph N without a character of its own is written as U+E000 + N
PRIVATE_LAST = 0xF8FF
FEATURES = {"kern": True, "liga": True}
_lock = threading.Lock()
#: Per font (PostScript name): what each private-use glyph stands for.
_STANDS_FOR: dict[str, dict[int, str]] = {}


@dataclass(frozen=True)
class Shaped:
    """One run, shaped: glyphs in drawing order (left to right)."""

    chars: str  # one code point per glyph, as ReportLab's subset writes it
    clusters: tuple[int, ...]  # per glyph: index of its first character in the run
    advances: tuple[float, ...]  # per glyph, in 1/1000 em
    offsets: tuple[tuple[float, float], ...]  # per glyph (x, y), in 1/1000 em
    order: tuple[int, ...]  # the glyphs in logical (reading) order
    rtl: bool  # shaped right to left
    notdef: int  # index of the first character this font has no glyph for, or -1

    def width(self, size: float) -> float:
        return sum(self.advances) * size / 1000


def _font(name: str) -> TTFont:
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise TypeError(f"{name} is not a TrueType font")
    return font


def _hb_font(font: TTFont) -> Any:
    """HarfBuzz's font for a ReportLab font, made once (it reads the same file data)."""
    import uharfbuzz as hb  # here: an installation without it still prints Latin

    hb_font = getattr(font, "_handouts_hb_font", None)
    if hb_font is None:
        hb_font = hb.Font(font.hbFace)
        font._handouts_hb_font = hb_font
    return hb_font


def _char_for(font: TTFont, gid: int, advance: float, mirrored: str = "") -> int:
    """The code point a glyph is written as: its own character, else U+E000 + its id.

    A bracket HarfBuzz mirrored in right-to-left text (the glyph of ")" standing for
    "(") is written as U+E000 + its id too, standing for the bracket typed."""
    face = font.face
    chars = face.glyphToChar.get(gid)
    if chars and not mirrored or gid == 0:  # glyph 0 (.notdef) is refused by the caller
        return int(chars[0]) if chars else PRIVATE_BASE
    code = PRIVATE_BASE + gid
    if mirrored:
        _record(font, code, mirrored)
    if code > PRIVATE_LAST:
        raise ValueError(f"glyph {gid} of {font.fontName} is beyond the private-use area")
    with _lock:
        if face.charToGlyph.get(code, gid) != gid:
            raise ValueError(f"{font.fontName} maps U+{code:04X} to a glyph of its own")
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance
    return code


@lru_cache(maxsize=4096)
def shape(text: str, font_name: str, rtl: bool, language: str = "") -> Shaped:
    """Shape one run of text in one font and one direction (cached: HarfBuzz gives the
    same glyphs for the same text, font and direction, and pages repeat their text)."""
    import uharfbuzz as hb  # here, not at import: only shaped scripts need it
    from bidi.mirror import MIRRORED

    font = _font(font_name)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()  # the script
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(_hb_font(font), buf, FEATURES)
    scale, hb_font = font.face._pdfScale, _hb_font(font)
    codes, clusters, advances, offsets, notdef = [], [], [], [], -1
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        advance = scale(pos.x_advance)
        typed = text[info.cluster]
        mirrored = typed if rtl and typed in MIRRORED else ""
        # the glyph's own width for the font's /Widths, not this context's (kerned) one,
        # so a file's bytes do not depend on what the process shaped first
        nominal = scale(hb_font.get_glyph_h_advance(info.codepoint))
        codes.append(_char_for(font, info.codepoint, nominal, mirrored))
        clusters.append(info.cluster)
        advances.append(advance)
        offsets.append((scale(pos.x_offset), scale(pos.y_offset)))
        if info.codepoint == 0 and notdef < 0:
            notdef = info.cluster
    order = _reading_order(font, text, codes, clusters)
    return Shaped("".join(map(chr, codes)), tuple(clusters), tuple(advances), tuple(offsets),
                  order, rtl, notdef)


def _reading_order(font: TTFont, text: str, codes: list[int], clusters: list[int],
                   ) -> tuple[int, ...]:
    """Glyph indexes in logical order: by cluster, and within a cluster by where each
    glyph's character stands in the text (क before the ि drawn left of it). A
    private-use glyph takes the place of the first letters no other glyph reads as, and
    is recorded as standing for them."""
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    by_cluster: dict[int, list[int]] = {}
    for glyph, cluster in enumerate(clusters):  # one pass: long notes stay linear
        by_cluster.setdefault(cluster, []).append(glyph)
    ranked: list[tuple[int, int, int]] = []
    for cluster in starts:
        glyphs = by_cluster[cluster]
        letters = text[cluster:ends[cluster]]
        covered, private = [False] * len(letters), []
        for glyph in glyphs:
            own = _own_text(codes[glyph]) or _alternate_of(font, codes[glyph])
            at = letters.find(own) if own else -1
            if at < 0:
                private.append(glyph)
                continue
            covered[at:at + len(own)] = [True] * len(own)
            ranked.append((cluster, at, glyph))
        rest = "".join(c for c, done in zip(letters, covered, strict=True) if not done)
        first = covered.index(False) if False in covered else len(letters)
        for glyph in private:
            ranked.append((cluster, first, glyph))
        if len(private) == 1 and rest and PRIVATE_BASE <= codes[private[0]] <= PRIVATE_LAST:
            _record(font, codes[private[0]], rest)  # a conjunct: the letters left over
    return tuple(glyph for _, _, glyph in sorted(ranked))


def _alternate_of(font: TTFont, code: int) -> str:
    """The letter a private-use glyph is a variant of, by its name ("ivowelsign03deva"
    or "ivowelsigndeva.alt" is a form of "ivowelsigndeva", which is ि); recorded as
    what it stands for."""
    if not PRIVATE_BASE <= code <= PRIVATE_LAST:
        return ""
    hb_font = _hb_font(font)
    name = hb_font.glyph_to_string(code - PRIVATE_BASE)
    letter = ""
    for base_name in {name.split(".")[0], re.sub(r"\d+", "", name)} - {name}:
        base = hb_font.glyph_from_string(base_name)
        chars = font.face.glyphToChar.get(base, ()) if base is not None else ()
        letter = next((chr(c) for c in chars if not PRIVATE_BASE <= c <= PRIVATE_LAST), "")
        if letter:
            break
    if letter:
        _record(font, code, letter)
    return letter


@lru_cache(maxsize=8192)
def _own_text(code: int) -> str:
    """The text a glyph's own character reads as ("" for private use)."""
    if PRIVATE_BASE <= code <= PRIVATE_LAST:
        return ""
    return normalize("NFKC", chr(code)).strip() or chr(code)


def _record(font: TTFont, code: int, text: str) -> None:
    """What a private-use glyph stands for; the shortest seen wins, so the map does not
    depend on which text a process shaped first."""
    with _lock:
        known = _STANDS_FOR.setdefault(_ps_name(font), {})
        current = known.get(code)
        if current is None or (len(text), text) < (len(current), current):
            known[code] = text


def _ps_name(font: TTFont) -> str:
    name = font.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def placements(shaped: Shaped, glyphs: list[int], size: float, x: float, y: float,
               ) -> dict[int, tuple[float, float]]:
    """Where each glyph goes: left edge of the first at x, baseline y, HarfBuzz's offsets."""
    place, pen = {}, x
    for glyph in glyphs:  # drawing order
        dx, dy = shaped.offsets[glyph]
        place[glyph] = (pen + dx * size / 1000, y + dy * size / 1000)
        pen += shaped.advances[glyph] * size / 1000
    return place


def reading_runs(shaped: Shaped, glyphs: list[int], text: str,
                 ) -> list[tuple[list[int], str]]:
    """The glyphs in reading order, in runs: a word with a cluster drawn in another
    order than it is read (ि before its consonant) comes alone, with its text, for
    ``/ActualText`` (pdftotext reads a line by position, not in content order)."""
    chosen = set(glyphs)
    position = {g: i for i, g in enumerate(glyphs)}
    words: list[list[int]] = []
    for glyph in (g for g in shaped.order if g in chosen):
        space = text[shaped.clusters[glyph]].isspace()
        if not words or space or text[shaped.clusters[words[-1][-1]]].isspace():
            words.append([glyph])
        else:
            words[-1].append(glyph)
    ends = sorted(set(shaped.clusters)) + [len(text)]
    runs: list[tuple[list[int], str]] = []
    for word in words:
        drawn = sorted(word, key=position.__getitem__)
        if drawn != word and not shaped.rtl:  # right to left, pdftotext reorders itself
            first, last = shaped.clusters[word[0]], max(shaped.clusters[g] for g in word)
            runs.append((word, text[first:ends[ends.index(last) + 1]]))
        elif runs and not runs[-1][1]:
            runs[-1][0].extend(word)
        else:
            runs.append((list(word), ""))
    return runs


def glyph_operators(canvas: Any, shaped: Shaped, written: list[int], font_name: str,
                    size: float, place: dict[int, tuple[float, float]]) -> str:
    """PDF operators drawing glyphs in the order given, each at its place."""
    font = _font(font_name)
    parts = font.splitString("".join(shaped.chars[g] for g in written), canvas._doc)
    ops, index = ["BT"], 0
    for subset, data in parts:
        ops.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {size:.2f} Tf")
        for byte in data:
            gx, gy = place[written[index]]
            ops.append(f"1 0 0 1 {gx:.2f} {gy:.2f} Tm <{byte:02x}> Tj")
            index += 1
    ops.append("ET")
    return "\n".join(ops)


def stands_for(font_name: str) -> dict[int, str]:
    """What each private-use glyph of a font (PostScript name) stands for, as recorded."""
    with _lock:
        return dict(_STANDS_FOR.get(font_name, {}))
