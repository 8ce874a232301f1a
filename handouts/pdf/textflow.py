"""Paragraphs in scripts that need shaping or run right to left.

ReportLab's Paragraph draws one glyph per character, left to right.  For a
locale whose script needs more (see ``i18n.scripts``), layout uses
:class:`ShapedParagraph` instead:

1. the runs (font and bold from the font chain) and the bidi levels of the
   whole paragraph cut the text into items of one font and one direction;
2. each item is shaped by HarfBuzz (``shaping.py``) in logical order;
3. lines break at spaces, measured with the shaped advances;
4. each line's pieces are put in visual order (``bidi.visual_order``), aligned
   (right for a right-to-left paragraph) and drawn, their glyphs written in
   reading order (``shaping.glyph_operators``), so copying and screen readers
   get the words as written, not the glyphs in drawing order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..document import model
from ..errors import GlyphError
from ..fonts import FontChain, face_name
from .bidi import embedding_levels, visual_order
from .shaping import Shaped, glyph_operators, placements, reading_runs, shape
from .tagging import Marked, actual_text


@dataclass(frozen=True)
class TextMode:
    """How a locale's text is set: shaped by HarfBuzz, in this paragraph direction."""

    rtl: bool
    language: str  # BCP 47 tag: HarfBuzz picks language-specific forms by it


@dataclass(frozen=True)
class Piece:
    """Logical text in one face, as the font chain split it."""

    text: str
    font: str  # ReportLab face name (bold already chosen)
    highlight: str = ""  # a background colour (untranslated text in a draft)


@dataclass(frozen=True)
class Item:
    start: int  # index in the paragraph's logical text
    text: str
    piece: Piece
    level: int
    shaped: Shaped

    def glyphs_between(self, start: int, end: int) -> list[int]:
        """Indexes of this item's glyphs whose characters lie in [start, end)."""
        low, high = start - self.start, end - self.start
        return [g for g, c in enumerate(self.shaped.clusters) if low <= c < high]


def pieces(inline: model.Inline, chain: FontChain, highlight: str) -> list[Piece]:
    """Runs cut by the font chain into pieces of one face (bold where marked)."""
    result = []
    for run in inline:
        for family, text in chain.runs(run.text):
            font = face_name(family, "bold") if run.bold else family
            result.append(Piece(text, font, highlight if run.untranslated else ""))
    return result


def _items(pieces: list[Piece], rtl: bool, language: str, chain_keys: tuple[str, ...],
           ) -> tuple[str, list[Item]]:
    text = "".join(p.text for p in pieces)
    levels = embedding_levels(text, rtl)
    owner = [p for p in pieces for _ in p.text]
    items, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or owner[index] is not owner[start] \
                or levels[index] != levels[start]:
            part = text[start:index]
            shaped = shape(part.replace("\n", " "), owner[start].font, levels[start] % 2 == 1,
                           language)
            if shaped.notdef >= 0:
                raise GlyphError(part[shaped.notdef], text, chain_keys)
            items.append(Item(start, part, owner[start], levels[start], shaped))
            start = index
    return text, items


class ShapedParagraph(Marked, Flowable):
    """A paragraph drawn from HarfBuzz glyphs, in bidi order; see the module docstring."""

    def __init__(self, pieces: list[Piece], style: ParagraphStyle, mode: TextMode, *,
                 chain_keys: tuple[str, ...] = (), embolden: bool = False) -> None:
        super().__init__()
        self.style, self.rtl, self.embolden = style, mode.rtl, embolden
        self.text, self.items = _items(pieces, mode.rtl, mode.language, chain_keys)
        self.span = (0, len(self.text))
        self.lines: list[tuple[int, int]] = []
        self._advance = self._advances()
        self._starts = {item.start + c for item in self.items for c in item.shaped.clusters}

    def _advances(self) -> list[float]:
        """Width of each logical character (a cluster's width counts at its first)."""
        advance = [0.0] * len(self.text)
        size = self.style.fontSize
        for item in self.items:
            for cluster, width in zip(item.shaped.clusters, item.shaped.advances, strict=True):
                advance[item.start + cluster] += width * size / 1000
        return advance

    def _break(self, width: float) -> list[tuple[int, int]]:
        """Lines as (start, end) in logical order: greedy, at spaces and line breaks; a
        word wider than the line is cut between clusters. No line starts with a space;
        an empty line between two breaks is kept; spaces alone make no line."""
        lines: list[tuple[int, int]] = []
        start, end = self.span
        text, advance = self.text, self._advance
        while start < end:
            while start < end and text[start] == " ":
                start += 1
            if start == end:
                break
            line_end, last_space, used = start, -1, 0.0
            while line_end < end and text[line_end] != "\n":
                char = text[line_end]
                last_space = line_end if char == " " else last_space
                used += advance[line_end]
                if used > width and char != " ":
                    if last_space > start:
                        line_end = last_space
                        break
                    if line_end > start and self._can_cut(line_end):
                        break
                line_end += 1
            lines.append((start, line_end))
            start = line_end + 1 if line_end < end and text[line_end] in " \n" else line_end
        return lines

    def _can_cut(self, index: int) -> bool:
        """A word may be cut before index: a cluster starts there, not a mark or joiner."""
        char = self.text[index]
        return index in self._starts and unicodedata.category(char)[0] != "M" \
            and char not in "\u200c\u200d"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.lines = self._break(avail_width)
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        count = len(self.lines)
        fits = int((avail_height + 1e-6) // self.style.leading)
        if fits >= count:  # it fits whole: nothing to split here. [self] would crash a
            return []      # table cell's split (ReportLab expects none or two parts)
        fits = min(fits, count - 2)  # no widow: two lines at least go over
        if fits < 2:  # no orphan: two lines at least stay
            return []
        cut = self.lines[fits][0]
        return [self._part(self.span[0], cut), self._part(cut, self.span[1])]

    def _part(self, start: int, end: int) -> ShapedParagraph:
        part: ShapedParagraph = object.__new__(type(self))
        part.__dict__.update(self.__dict__)
        part.span = (start, end)
        return part

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.style.spaceBefore) if self.span[0] == 0 else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter) if self.span[1] == len(self.text) else 0.0

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        if self.embolden:  # synthetic bold, as EmboldenedParagraph does
            canvas.setStrokeColor(style.textColor)
            canvas.setLineWidth(style.fontSize * 0.045)
            canvas.addLiteral("2 Tr")
        y = self.height - style.fontSize
        for start, end in self.lines:
            left, right = self._draw_line(start, end, y)
            if end < len(self.text) and self.text[end].isspace():  # it broke at a space
                self._draw_space(start, end, left if self.rtl else right, y)
            y -= style.leading
        canvas.restoreState()

    def _draw_space(self, start: int, end: int, x: float, y: float) -> None:
        """The space the line broke at, after its last word in reading order (no ink), so
        the text layer reads "a b", not "ab" (see wordbreaks.py)."""
        font = next((item.piece.font for item in reversed(self.items)
                     if item.start < end and item.start + len(item.text) > start),
                    self.items[0].piece.font)
        size = self.style.fontSize
        if self.rtl:
            x -= self.canv.stringWidth(" ", font, size)
        self.canv.setFont(font, size)
        self.canv.drawString(x, y, " ")

    def _line_pieces(self, start: int, end: int) -> list[tuple[Item, list[int]]]:
        while end > start and self.text[end - 1] == " ":
            end -= 1  # trailing spaces take no room (rule L1)
        pieces = [(item, item.glyphs_between(start, end)) for item in self.items
                  if item.start < end and item.start + len(item.text) > start]
        pieces = [(item, glyphs) for item, glyphs in pieces if glyphs]
        return visual_order(pieces, [item.level for item, _ in pieces])

    def _draw_line(self, start: int, end: int, y: float) -> tuple[float, float]:
        """Draw a line; return where its ink starts and ends, left to right."""
        size = self.style.fontSize
        pieces = self._line_pieces(start, end)
        widths = [sum(item.shaped.advances[g] for g in glyphs) * size / 1000
                  for item, glyphs in pieces]
        x = left = self._line_start(sum(widths))
        placed = []
        for (item, glyphs), width in zip(pieces, widths, strict=True):  # visual order
            if item.piece.highlight:
                self.canv.setFillColor(item.piece.highlight)
                self.canv.rect(x, y - size * 0.25, width, size * 1.2, stroke=0, fill=1)
                self.canv.setFillColor(self.style.textColor)
            placed.append((item.start, item, glyphs, x))
            x += width
        for _, item, glyphs, start_x in sorted(placed, key=lambda p: p[0]):  # reading order
            self._draw_glyphs(item, glyphs, start_x, y)
        return left, x

    def _line_start(self, width: float) -> float:
        align = self.style.alignment
        if self.rtl:  # mirrored: a right-to-left paragraph starts at the right edge
            align = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(align, align)
        if align == TA_RIGHT:
            return self.width - width
        if align == TA_CENTER:
            return (self.width - width) / 2
        return 0.0

    def _draw_glyphs(self, item: Item, glyphs: list[int], x: float, y: float) -> None:
        """Draw glyphs in reading order, each where HarfBuzz puts it (shaping.py); a
        cluster drawn in another order than it is read carries its text."""
        size, canvas = self.style.fontSize, self.canv
        place = placements(item.shaped, glyphs, size, x, y)
        for run, text in reading_runs(item.shaped, glyphs, item.text):
            operators = glyph_operators(canvas, item.shaped, run, item.piece.font, size, place)
            if text:
                with actual_text(canvas, text):
                    canvas.addLiteral(operators)
            else:
                canvas.addLiteral(operators)

