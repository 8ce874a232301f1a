"""Fill-in fields: the patient's name, the date, the care team, a note.

Each field has a line of its own across the page, its label in a column that
fits the longest label.  Where a value goes is a *slot* of fixed size (one
line; the note two), so typing a value never moves anything: the layout is
the same with or without personal details, which is what lets ``stamp.py``
write them onto a cached copy in milliseconds.  A slot draws nothing itself;
it records where it landed on the page (``Slot``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from ..document import model
from .paragraphs import LayoutContext, para, text_width
from .styles import LARGE_PRINT_SIZE
from .tagging import Node, artifact_table

#: Lines of room per field: a note gets two, for a sentence typed or written by hand.
LINES = {"note": 2}
#: Fields whose room grows when what is typed needs more lines at a readable size.
GROWS = frozenset({"note"})
#: Fields that get a line of their own, under the label, in large print.
FULL_WIDTH = frozenset({"patient_name"})
#: The most lines the note may take: a table row must fit on one page, even in large print.
MAX_LINES = 14
#: The label column: as wide as the longest label and this padding, at most this share of
#: the width (a longer label wraps).
LABEL_PAD, LABEL_SHARE = 8.0, 0.3


def label_fits(label: model.Inline, ctx: LayoutContext) -> bool:
    """True if the label takes one line in the label column."""
    width = text_width(label, ctx.chain, ctx.styles.field_label.fontSize)
    return width + LABEL_PAD <= ctx.width * LABEL_SHARE


@dataclass(frozen=True)
class Slot:
    """Where a typed value goes: a field's empty line on a page, in points from the
    page's bottom left.  ``element`` is the object number of the field's structure
    element (its P) in the finished PDF, 0 when untagged; ``rtl`` the page's direction.
    A slot in a later page's header (pages.py) has ``header_label``, the field's label,
    printed before the value there; it is furniture, not a field of its own."""

    name: str
    page: int  # 0-based
    x: float
    y: float
    width: float
    height: float
    lines: int
    rtl: bool
    element: int = 0
    header_label: str = ""


def fields_flowables(block: model.Fields, ctx: LayoutContext) -> list[Flowable]:
    """The fields, a table each (so the form may go on to the next page between two
    fields, and no line is drawn again at the top of that page): labels in a column
    that fits the longest, slots on lines.  In large print the patient's name has a line
    as wide as the page under its label (a name of 45 letters fits there at 18 pt;
    beside the label it would shrink)."""
    s = ctx.styles
    group = ctx.node("Div")
    longest = max((text_width(field.label, ctx.chain, s.field_label.fontSize)
                   for field in block.fields), default=0.0)
    label_w = min(max(longest + LABEL_PAD, ctx.width * 0.15), ctx.width * LABEL_SHARE)
    tables = []
    for field in block.fields:
        node = group.add("P", ctx.lang)  # label, then what is written (stamp.py)
        lines = LINES.get(field.name, 1)
        if field.name in GROWS:  # a long note: its room grows, and the page flows on
            lines = max(lines, ctx.note_lines)
        label = para(field.label, s.field_label, ctx, node.add("Span", ctx.lang))
        if field.name in FULL_WIDTH and s.size >= LARGE_PRINT_SIZE:
            slot = FieldSlot(field.name, ctx.width - 8, s.leading, lines, node, ctx.rtl)
            tables.append(_table([[[label, slot]]], [ctx.width], ctx, (0, 0)))  # one cell:
            # the label never ends a page without its line
            continue
        slot = FieldSlot(field.name, ctx.width - label_w - 8, s.leading, lines, node, ctx.rtl)
        row, widths, line = [label, slot], [label_w, ctx.width - label_w], (1, 0)
        if ctx.rtl:  # label, then its line, from the right
            row, widths, line = row[::-1], widths[::-1], (0, 0)
        tables.append(_table([row], widths, ctx, line))
    return tables


def _table(rows: list[list[Any]], widths: list[float], ctx: LayoutContext,
           line: tuple[int, int]) -> Flowable:
    """One field's table, with the rule to write on under its ``line`` cell."""
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", line, line, 0.6, ctx.styles.palette.ink)]))
    return artifact_table(table)


class FieldSlot(Flowable):
    """The empty room for one field's value, ``lines`` lines of ``leading`` above the
    table's rule.  Drawn, it draws nothing but records its place on the canvas's
    ``slots`` list with the field's structure element."""

    def __init__(self, name: str, width: float, leading: float, lines: int, node: Node,
                 rtl: bool) -> None:
        super().__init__()
        self.name, self.node, self.lines, self.rtl = name, node, lines, rtl
        self.width, self.height = width, leading * lines  # the cell less its padding

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Any = self.canv
        x, y = canvas.absolutePosition(0, 0)
        slots = getattr(canvas, "slots", None)
        if slots is not None:
            slots.append((Slot(self.name, canvas.getPageNumber() - 1, x, y, self.width,
                               self.height, self.lines, self.rtl), self.node))


@dataclass(frozen=True)
class FormPlan:
    """Where a finished PDF's fields wait for values, and what ``stamp.py`` needs to tag
    them: each page's next free MCID (page, mcid).  No personal data: it is cached
    with the unpersonalized PDF."""

    slots: tuple[Slot, ...] = ()
    next_mcid: tuple[tuple[int, int], ...] = ()
