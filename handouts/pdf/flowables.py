"""The flowables the layout builds: tagged paragraphs and headings, write-in lines, lists.

Each text flowable carries ``tag``, the structure element it draws
(``tagging.Node``); decorations draw as artifacts.  None of them writes PDF
operators for tags itself: ``tagging`` does.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import NullActionFlowable

from .tagging import Marked, MarkedBullet, Node, artifact
from .textflow import ShapedParagraph
from .wordbreaks import SpacedLines


class TextParagraph(Marked, SpacedLines, Paragraph):
    """ReportLab's paragraph, tagged, with a space at each line end that had one."""


class Heading(TextParagraph):
    """A section heading that also becomes a PDF outline (bookmark) entry.

    A heading taller than a page is split by ReportLab like any paragraph (it makes the
    parts with Paragraph's own arguments); the bookmark stays with the first part.
    """

    def __init__(self, markup: str | None, style: object, outline: str = "", key: str = "",
                 **kwargs: Any) -> None:
        super().__init__(markup, style, **kwargs)
        self.outline_title = outline or None
        self.outline_key = key

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab's)
        parts: list[Flowable] = list(super().split(aW, aH))
        if parts:
            parts[0].outline_title, parts[0].outline_key = self.outline_title, self.outline_key
        return parts


class ShapedHeading(ShapedParagraph):
    """A shaped section heading with its outline entry."""

    def __init__(self, *args: Any, outline: str, key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outline_title = outline
        self.outline_key = key


class EmboldenedParagraph(TextParagraph):
    """Bold for a script whose font has no bold face: glyphs are filled and outlined.

    This is the synthetic bold browsers use; without it Chinese headings would
    print in the same weight as the body text.
    """

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self.style.fontSize * 0.045)
        canvas.addLiteral("2 Tr")  # text render mode: fill, then stroke
        super().draw()
        canvas.restoreState()


class EmboldenedHeading(EmboldenedParagraph, Heading):
    pass


class Gap(Spacer):
    """Space between blocks that takes none at the top of a page: a box's space after
    it, carried over, would leave the group that follows a page short of room, and so a
    page with nothing on it."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        frame = getattr(self, "_frame", None)  # set while a frame places it, not in a group
        at_top = frame is not None and frame._atTop
        return float(availWidth), 0.0 if at_top else float(self.height)


class WriteInLines(Flowable):
    """Ruled lines to write on (an artifact: a screen reader has nothing to read)."""

    def __init__(self, count: int, gap: float, color: object) -> None:
        super().__init__()
        self.count, self.gap, self.color = count, gap, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap + 4

    def draw(self) -> None:
        canvas = self.canv
        with artifact(canvas):
            canvas.setStrokeColor(self.color)
            canvas.setLineWidth(0.6)
            for i in range(self.count):
                y = i * self.gap + 2
                canvas.line(0, y, self.width, y)


class TaggedList(ListFlowable):
    """A list whose bullets or numbers are each item's Lbl (``label_node`` of the item).

    ``reads`` is how a number reads when it is drawn otherwise: a right-to-left
    list draws ".1", which is "1." read in the script's order."""

    def __init__(self, flowables: list[Any], reads: str = "", **kwargs: Any) -> None:
        super().__init__(flowables, **kwargs)
        self._reads = reads

    def _makeLIIndenter(self, flowable: Any, bullet: Any, params: Any = None) -> Any:  # noqa: N802
        node: Node | None = getattr(flowable, "label_node", None)
        if bullet is not None and node is not None:
            bullet = MarkedBullet(bullet, node, self._reads)
        return super()._makeLIIndenter(flowable, bullet, params)


class Rule(HRFlowable):
    """A horizontal rule (an artifact), such as the one above the fine print."""

    def draw(self) -> None:
        with artifact(self.canv):
            super().draw()


class FittingTable(Table):
    """A table (a box, a bilingual pair) whose part left on a page really fits there.

    ReportLab's split of a row can keep more of a cell than the room it was
    offered (a list's items, measured its own way), then gives the row it
    leaves on the page no more than that room: the text runs on past the row,
    into the footer, or up over what stands above it.  It can also leave a
    first part with nothing in it (an empty stub of the table's rules).
    Here the room offered is searched for the fullest first part whose cells
    fit the page, and the split row gets, in both parts, the height its
    content needs.  If no part fits, the table goes to the next page whole.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        needed = _first_part_needs(parts, availWidth, availHeight)
        if needed is not None and needed <= availHeight + 0.01:
            best: tuple[float, list[Flowable]] | None = (needed, parts)
        else:
            best = self._fullest_fitting(availWidth, availHeight)
        if best is None:
            return []  # no part fits here: all of it on the next page
        first, rest = best[1]
        _fit_row(first, len(first._cellvalues) - 1, availWidth, availHeight)
        _fit_row(rest, _first_own_row(rest), availWidth, availHeight)
        return [first, rest]

    def _fullest_fitting(self, width: float, height: float,
                         ) -> tuple[float, list[Flowable]] | None:
        """The fullest first part whose cells fit ``height``, with what it needs, found by
        halving the room offered to half a point (about 11 splits for a page)."""
        best = None
        low, high = 0.0, height  # offered: no part, or one that fits / a part too tall
        while high - low >= 0.5:
            room = (low + high) / 2
            parts = super().split(width, room)
            needed = _first_part_needs(parts, width, height)
            if needed is not None and needed > height + 0.01:
                high = room
                continue
            low = room
            if needed is not None and (best is None or needed > best[0]):
                best = (needed, parts)
        return best


def _first_part_needs(parts: list[Flowable], width: float, height: float) -> float | None:
    """The height the first of two parts needs; None where ReportLab gave no first part
    or one with nothing in it (too little room for one line, or a list that all but
    fits: its splitter finds no point to split at)."""
    if len(parts) != 2 or _holds_nothing(parts[0]):
        return None
    return _content_height(parts[0], width, height)


def _fit_row(table: Table, row: int, width: float, height: float) -> None:
    """Give one row of a split part (its share of the row split) the height of what it
    holds: ReportLab's can be less (text runs over) or more (a blank run of rules)."""
    given = table._argH[row] if table._argH and row < len(table._argH) else None
    if given is None or table._spanCmds:  # (a spanned cell is not measured here)
        return
    needed = _row_height(table, row)
    if abs(needed - given) > 0.01:
        heights = [*table._argH[:row], needed, *table._argH[row + 1:]]
        table._argH = table._rowHeights = heights  # both: ReportLab draws by the second
        table.wrap(width, height)


def _first_own_row(table: Table) -> int:
    """The first row of a table's continuation that is not a repeated heading row."""
    repeat = table.repeatRows
    return len(repeat) if isinstance(repeat, (list, tuple)) else int(repeat or 0)


def _holds_nothing(table: Table, row: int | None = None) -> bool:
    """True if no cell of the table (or of one of its rows) holds anything but spacing."""
    for cells in table._cellvalues if row is None else [table._cellvalues[row]]:
        for value in cells:
            items = value if isinstance(value, (list, tuple)) else [value] if value else []
            if any(not isinstance(item, Spacer) for item in items):
                return False
    return True


def _content_height(table: Table, avail_width: float, avail_height: float) -> float:
    """What a table's cells need, row by row, with their padding (not the row heights
    a split imposes)."""
    table.wrap(avail_width, avail_height)
    return sum(_row_height(table, row) for row in range(len(table._cellvalues)))


def _row_height(table: Table, row: int) -> float:
    """What one row's cells need, with their padding (ReportLab's own measure of a cell:
    flowables, or text; the padding is taken off inside)."""
    tallest = 0.0
    if _holds_nothing(table, row):
        return tallest  # the empty half of a split row: no padding, no stub of its rules
    for value, style, width in zip(table._cellvalues[row], table._cellStyles[row],
                                   table._colWidths, strict=True):
        cell = (value,) if isinstance(value, Flowable) else \
            value if isinstance(value, (list, tuple, str)) else str(value)
        height = table._listCellGeom(cell, width, style)[1] if cell else 0.0
        tallest = max(tallest, height + style.topPadding + style.bottomPadding)
    return tallest


class HeadingKeeper(KeepTogether):
    """What ReportLab wraps a keep-with-next heading and the flowable after it in.

    ReportLab moves the two to the next page whenever the whole of what follows
    does not fit, leaving a quarter of a page blank under a long paragraph.  Here
    the heading stays when what follows (a paragraph or a list) splits with at
    least two of its lines, or a list item, under it; otherwise, and before a
    table (a bilingual pair), as ReportLab does.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab's)
        kept = self._with_first_lines(aW, aH)
        return kept if kept is not None else list(super().split(aW, aH))

    def _with_first_lines(self, width: float, room: float) -> list[Flowable] | None:
        *heads, last = self._content
        canv = getattr(self, "canv", None)
        if not heads or canv is None or isinstance(last, Table):
            return None  # a table's first part can hold more than its height says
        room -= stacked_height(canv, heads, width, room) + \
            max(heads[-1].getSpaceAfter(), last.getSpaceBefore())
        if room <= 0:
            return None
        pieces = last.splitOn(canv, width, room)
        if len(pieces) < 2:
            return None
        leading = getattr(getattr(last, "style", None), "leading", None)  # a paragraph's
        least = 2 * leading - 0.5 if leading else 1.0
        first = pieces[0].wrapOn(canv, width, room)[1]
        if not least <= first <= room:  # a list "splits" into all its items, fitting or not
            return None
        return [NullActionFlowable(), *heads, *pieces]


def stacked_height(canv: Any, flowables: list[Flowable], width: float, height: float) -> float:
    """The height of flowables one under another at the top of a frame, the space
    between two the larger of the one's space after and the other's before (as
    ReportLab's frames set them)."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        if index:
            total += max(flowables[index - 1].getSpaceAfter(), flowable.getSpaceBefore())
        total += flowable.wrapOn(canv, width, height)[1]
    return total


def draw_stacked(canv: Any, flowables: list[Flowable], width: float, height: float) -> None:
    """Draw flowables one under another from the top of a box height tall, spaced as
    stacked_height measures them."""
    y = height
    for index, flowable in enumerate(flowables):
        if index:
            y -= max(flowables[index - 1].getSpaceAfter(), flowable.getSpaceBefore())
        y -= flowable.wrapOn(canv, width, height)[1]
        flowable.drawOn(canv, 0, y)
