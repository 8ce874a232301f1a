"""A box ("When to get help"): one table, a row for its heading and one for each block.

A box stays whole on its page (``grouping.keep``). One taller than a page
splits between its blocks, and the part on the next page starts with the
heading again, drawn as an artifact so a screen reader reads it once.  A
bilingual box is one table too: each block of the translation beside its
English source, row by row, so both columns continue together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, PageBreak, Spacer, TableStyle

from ..document import model
from .flowables import FittingTable, Gap
from .paragraphs import LayoutContext, bold, para
from .tagging import artifact, artifact_table


class Repeated(Flowable):
    """A flowable drawn once more (a box's heading where the box continues): an artifact,
    whatever the flowable tags when drawn first."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.inner.wrap(avail_width, avail_height)

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        canvas = self.canv
        with artifact(canvas, "Pagination"):
            marker = getattr(canvas, "marker", None)
            canvas.marker = None  # the copy adds no marked content of its own
            try:
                self.inner.drawOn(canvas, 0, 0)
            finally:
                canvas.marker = marker


class BoxTable(FittingTable):
    """A box's table: where it splits, the rest starts the next page with the heading
    row again (not below the first part, in what room that part left)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        rest = parts[1]
        rest._cellvalues[0] = [[c if isinstance(c, Repeated) else Repeated(c) for c in cell]
                               for cell in rest._cellvalues[0]]
        return [parts[0], PageBreak(), rest]


@dataclass
class BoxContent:
    """A box's flowables, laid out at the box's inner width: the heading, then each block."""

    heading: list[Flowable]
    blocks: list[list[Flowable]]


Flow = Callable[[model.Block, LayoutContext], list[Flowable]]  # layout.flow


def box_content(block: model.Box, ctx: LayoutContext, inner_width: float,
                flow: Flow) -> BoxContent:
    """The box's element (Div) in ctx, with its heading and blocks (laid out by flow)."""
    s = ctx.styles
    inner = ctx.under(ctx.node("Div"), width=inner_width, level=ctx.level + 1)
    heading = para(bold(block.heading), s.box_heading, inner, inner.node(f"H{ctx.level}"))
    return BoxContent([heading], [flow(child, inner) for child in block.blocks])


def box_color(block: model.Box, ctx: LayoutContext) -> Color:
    palette = ctx.styles.palette
    return palette.accent if block.kind == "urgent" else palette.primary


def box_table(rows: list[list[list[Flowable]]], widths: list[float], color: Color,
              ctx: LayoutContext, commands: Sequence[tuple[Any, ...]] = (),
              rtl: bool = False) -> list[Flowable]:
    """The box around rows of cells (the first row the heading), with its spacing."""
    s = ctx.styles
    cells = [[_ended(cell) for cell in row] for row in rows[:-1]] + rows[-1:]
    table = BoxTable(cells, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 2.5, color),
        ("BACKGROUND", (0, 0), (-1, -1), s.palette.tint(color, 0.08)),
        ("LEFTPADDING", (0, 0), (-1, -1), s.size), ("RIGHTPADDING", (0, 0), (-1, -1), s.size),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), s.size * 0.7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), s.size * 0.2),
        *commands,
    ]))
    return [Gap(1, s.size * 0.5), artifact_table(table, rtl), Gap(1, s.size * 0.8)]


def _ended(cell: list[Flowable]) -> list[Flowable]:
    """A cell counts the space after each flowable but its last: keep that one too, so
    rows stand as far apart as blocks do on the page."""
    return [*cell, Spacer(1, 0)]


def single_box(block: model.Box, ctx: LayoutContext, flow: Flow) -> list[Flowable]:
    """A box in a one-language copy: the full width, a row per block."""
    content = box_content(block, ctx, ctx.width - 2 * ctx.styles.size, flow)
    rows = [[content.heading], *([cell] for cell in content.blocks)]
    return box_table(rows, [ctx.width], box_color(block, ctx), ctx)
