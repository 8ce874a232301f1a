"""Stage 4, bilingual variant: each block of the translation beside its English source.

A clinician can then check, block for block, what the patient was given.
Both documents come from the same template, so their models have the same
shape; pairs are laid out as two columns, or, in large print, one above
the other (the translation first, its English source set off by a rule).
"""

from __future__ import annotations

from copy import copy
from dataclasses import replace
from typing import Any, assert_never

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from ..document import model
from .boxes import BoxContent, box_color, box_table
from .fields import label_fits
from .flowables import FittingTable
from .grouping import (
    HEADING_KEEP_LINES,
    STACKED_HEADING_KEEP_LINES,
    add_block,
    keep,
    pairs,
    section_body,
)
from .layout import flow, heading_flowable, status_banner
from .paragraphs import LayoutContext, bold, para
from .tagging import Node, artifact_table

GUTTER = 18.0
RULE_GREY = Color(0.6, 0.6, 0.6)


class OutlineMarker(Flowable):
    """A zero-size flowable that gives a section its PDF outline entry."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.outline_title = title
        self.outline_key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Pairing:
    """Lays out (translation, English) flowable pairs side by side or stacked."""

    def __init__(self, ctx: LayoutContext, english: LayoutContext, stacked: bool,
                 language: str) -> None:
        self.stacked = stacked
        self.width = ctx.width
        self.language = language
        column = ctx.width if stacked else (ctx.width - GUTTER) / 2
        aside = ctx.width - 12 if stacked else column
        self.ctx = replace(ctx, width=column)
        self.english = replace(english, width=aside, parent=ctx.parent)

    def under(self, node: Node, **changes: Any) -> Pairing:
        """The same pairing, with both languages' elements going into node: in reading
        order, each translated block is followed by its English source."""
        inner = copy(self)
        inner.ctx = self.ctx.under(node, **changes)
        inner.english = self.english.under(node, **changes)
        return inner

    def pair(self, left: list[Flowable], right: list[Flowable]) -> list[Flowable]:
        left, right = _spaced(left), _spaced(right)
        if self.stacked:
            return [*left, self._aside(right)]
        col = (self.width - GUTTER) / 2
        if self.ctx.rtl:  # a right-to-left translation takes the column a reader starts at
            left, right = right, left
        table = FittingTable([[left, right]], colWidths=[col + GUTTER / 2, col + GUTTER / 2],
                      splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), GUTTER / 2),
            ("LEFTPADDING", (1, 0), (1, -1), GUTTER / 2), ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.ctx.styles.body.spaceAfter),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE_GREY),
        ]))
        return [artifact_table(table, rtl=self.ctx.rtl)]

    def box(self, block: model.Box, source: model.Box) -> list[Flowable]:
        """One box for both languages, a row per pair of blocks (boxes.py)."""
        pad, color = self.ctx.styles.size, box_color(block, self.ctx)
        if self.stacked:
            inner = self.width - 2 * pad
            mine, theirs = self._box_content(block, source, inner, inner - 12)
            rows = [[[*m, self._aside(t, inner)]] for m, t in _rows(mine, theirs)]
            return box_table(rows, [self.width], color, self.ctx)
        col = (self.width - GUTTER) / 2
        mine, theirs = self._box_content(block, source, col - pad, col - pad)
        rows = [[m, t] if not self.ctx.rtl else [t, m] for m, t in _rows(mine, theirs)]
        return box_table(rows, [col + GUTTER / 2] * 2, color, self.ctx, [
            ("RIGHTPADDING", (0, 0), (0, -1), GUTTER / 2),
            ("LEFTPADDING", (1, 0), (1, -1), GUTTER / 2),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE_GREY)], rtl=self.ctx.rtl)

    def _box_content(self, block: model.Box, source: model.Box, width: float,
                     english_width: float) -> tuple[BoxContent, BoxContent]:
        """Both languages' content in one box element (Div), made pair by pair, so the
        box reads as the rest of the copy does: each block, then its English."""
        q = self.under(self.ctx.node("Div"), level=self.ctx.level + 1)
        mine, theirs = replace(q.ctx, width=width), replace(q.english, width=english_width)
        role = f"H{self.ctx.level}"  # each language in its own styles (its line breaking)
        heading = para(bold(block.heading), mine.styles.box_heading, mine, mine.node(role))
        english = para(bold(source.heading), theirs.styles.box_heading, theirs,
                       theirs.node(role))
        blocks = [(flow(child, mine), flow(original, theirs))
                  for child, original in zip(block.blocks, source.blocks, strict=True)]
        return (BoxContent([heading], [m for m, _ in blocks]),
                BoxContent([english], [t for _, t in blocks]))

    def _aside(self, flowables: list[Flowable], width: float | None = None) -> FittingTable:
        table = FittingTable([[flowables]], colWidths=[width or self.width], splitInRow=1,
                             hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBEFORE", (0, 0), (0, -1), 2, RULE_GREY), ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        return artifact_table(table)

    def header(self) -> list[Flowable]:
        s = self.ctx.styles
        style = ParagraphStyle("column", parent=s.field_label, textColor=s.palette.primary)
        left = [para((model.Run(self.language, bold=True),), style, self.ctx)]
        right = [para((model.Run("English", bold=True),), style, self.english)]
        return [] if self.stacked else self.pair(left, right) + [Spacer(1, 4)]


def _rows(mine: BoxContent, theirs: BoxContent) -> list[tuple[list[Flowable], list[Flowable]]]:
    """A box's (translation, English) cells, row by row: the headings, then each block."""
    return list(zip([mine.heading, *mine.blocks], [theirs.heading, *theirs.blocks],
                    strict=True))


def _spaced(flowables: list[Flowable]) -> list[Flowable]:
    """Table cells ignore paragraph spacing, so make it explicit."""
    result: list[Flowable] = []
    for index, item in enumerate(flowables):
        result.append(item)
        gap = item.getSpaceAfter()
        if index + 1 < len(flowables) and gap:
            result.append(Spacer(1, gap))
    return result


def _both_labels(mine: model.Inline, english: model.Inline, ctx: LayoutContext,
                 ) -> model.Inline:
    """A field's label in both languages, "mine / English".  Where lines break between
    any two characters (Chinese) and the two do not fit the label column on one line,
    the English starts a line of its own: ReportLab would cut its words anywhere
    ("Proced" / "ure date" in large print)."""
    both = (*mine, model.Run(" / "), *english)
    if ctx.styles.field_label.wordWrap != "CJK" or label_fits(both, ctx):
        return both
    return (*mine, model.Run(" /\n"), *english)


def _flows(p: Pairing, block: model.Block, source: model.Block, path: str) -> list[Flowable]:
    """One pair of blocks, grouped as grouping.keep says for the translated block's kind."""
    styles = p.ctx.styles
    match block:
        case model.Section():
            assert isinstance(source, model.Section)
            q = p.under(p.ctx.node("Sect"))
            heading = q.pair([heading_flowable(block, q.ctx)],
                             [heading_flowable(source, q.english)])
            for flowable in heading:  # the pair keeps with its first lines, as one heading does
                flowable.keepWithNext = 1
            q = q.under(q.ctx.parent, level=p.ctx.level + 1)
            body = [(child, _flows(q, child, original, path))
                    for child, original in pairs(block.blocks, source.blocks, path)]
            marker = OutlineMarker(model.plain(block.heading), block.id)
            return keep(block, section_body([marker, *heading], body), styles,
                        STACKED_HEADING_KEEP_LINES if p.stacked else HEADING_KEEP_LINES)
        case model.Box():
            assert isinstance(source, model.Box)
            return keep(block, p.box(block, source), styles)
        case model.Fields():
            assert isinstance(source, model.Fields)
            ctx = replace(p.ctx, width=p.width)
            labels = [model.Field(f.name, _both_labels(f.label, g.label, ctx), f.value)
                      for f, g in zip(block.fields, source.fields, strict=True)]
            return flow(model.Fields(tuple(labels)), ctx)
        case model.FinePrint():
            assert isinstance(source, model.FinePrint)
            q = p.under(p.ctx.node("Div"))
            small = [f for mine, theirs in zip(block.paragraphs, source.paragraphs, strict=True)
                     for f in q.pair([para(mine.content, styles.small, q.ctx)],
                                     [para(theirs.content, q.english.styles.small, q.english)])]
            return keep(block, small, styles)
        case model.WriteIn() if p.stacked:  # one set of lines to write on, not two
            return flow(block, p.ctx)
        case model.Paragraph() | model.BulletList() | model.Steps() | model.WriteIn():
            return p.pair(flow(block, p.ctx), flow(source, p.english))
        case _:
            assert_never(block)


def lay_out_bilingual(document: model.Document, source: model.Document, ctx: LayoutContext,
                      english: LayoutContext, *, stacked: bool, language: str,
                      path: str) -> list[Flowable]:
    """The story for a bilingual copy: translation left (or above), English right (or below);
    a right-to-left translation takes the right column, English the left.

    ``path`` names the handout file in errors, if the two languages differ in shape.
    """
    p = Pairing(ctx, english, stacked, language)
    s = ctx.styles
    story: list[Flowable] = p.header()
    story += p.pair([para(bold(document.title), s.title, p.ctx, p.ctx.node("H1")),
                     para(document.subtitle, s.subtitle, p.ctx)],
                    [para(bold(source.title), s.title, p.english, p.english.node("P")),
                     para(source.subtitle, s.subtitle, p.english)])
    story += status_banner(document, ctx)
    for block, original in pairs(document.blocks, source.blocks, path):
        add_block(story, block, _flows(p, block, original, path))
    return story
