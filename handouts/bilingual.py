"""Stage 4, bilingual variant: each block of the translation beside its English source.

A clinician can then check, block for block, what the patient was given.
Both documents come from the same template, so their models have the same
shape; pairs are laid out as two columns, or, in large print, one above
the other (the translation first, its English source set off by a rule).
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from . import model
from .errors import ContentError
from .layout import (
    LayoutContext,
    bold,
    box_flowables,
    fine_print_rule,
    flow,
    heading_flowable,
    is_fine_print,
    para,
    status_banner,
)

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
        self.english = replace(english, width=aside)

    def pair(self, left: list[Flowable], right: list[Flowable]) -> list[Flowable]:
        left, right = _spaced(left), _spaced(right)
        if self.stacked:
            return [*left, self._aside(right)]
        col = (self.width - GUTTER) / 2
        table = Table([[left, right]], colWidths=[col + GUTTER / 2, col + GUTTER / 2],
                      splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), GUTTER / 2),
            ("LEFTPADDING", (1, 0), (1, -1), GUTTER / 2), ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.ctx.styles.body.spaceAfter),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE_GREY),
        ]))
        return [table]

    def _aside(self, flowables: list[Flowable]) -> Table:
        table = Table([[flowables]], colWidths=[self.width], splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBEFORE", (0, 0), (0, -1), 2, RULE_GREY), ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        return table

    def header(self) -> list[Flowable]:
        s = self.ctx.styles
        style = ParagraphStyle("column", parent=s.field_label, textColor=s.palette.primary)
        left = [para((model.Run(self.language, bold=True),), style, self.ctx)]
        right = [para((model.Run("English", bold=True),), style, self.english)]
        return [] if self.stacked else self.pair(left, right) + [Spacer(1, 4)]


def _spaced(flowables: list[Flowable]) -> list[Flowable]:
    """Table cells ignore paragraph spacing, so make it explicit."""
    result: list[Flowable] = []
    for index, item in enumerate(flowables):
        result.append(item)
        gap = item.getSpaceAfter()
        if index + 1 < len(flowables) and gap:
            result.append(Spacer(1, gap))
    return result


def _same_shape(a: model.Block, b: model.Block) -> None:
    if type(a) is not type(b):
        raise ContentError(f"the translated handout has a {type(a).__name__} where English has a "
                           f"{type(b).__name__}; a bilingual copy needs the same structure",
                           path="templates")


def _flows(p: Pairing, block: model.Block, source: model.Block) -> list[Flowable]:
    if isinstance(block, model.Box):
        return p.pair(box_flowables(block, p.ctx), box_flowables(source, p.english))  # type: ignore[arg-type]
    if isinstance(block, model.Fields):
        labels = [model.Field(f.name, (*f.label, model.Run(" / "), *g.label), f.value)
                  for f, g in zip(block.fields, source.fields, strict=True)]  # type: ignore[union-attr]
        return flow(model.Fields(tuple(labels)), replace(p.ctx, width=p.width))
    return p.pair(flow(block, p.ctx), flow(source, p.english))


def _section(p: Pairing, block: model.Section, source: model.Section) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(p.ctx.styles.leading * 6),
                             OutlineMarker(model.plain(block.heading), block.id)]
    story += p.pair([heading_flowable(block, p.ctx)], [heading_flowable(source, p.english)])
    if len(block.blocks) != len(source.blocks):
        raise ContentError(f"section {block.id!r} differs in length from English", path="templates")
    for child, original in zip(block.blocks, source.blocks, strict=True):
        _same_shape(child, original)
        story += _flows(p, child, original)
    return story


def lay_out_bilingual(document: model.Document, source: model.Document, ctx: LayoutContext,
                      english: LayoutContext, *, stacked: bool, language: str) -> list[Flowable]:
    """The story for a bilingual copy: translation left (or above), English right (or below)."""
    if len(document.blocks) != len(source.blocks):
        raise ContentError("the translated handout has a different number of blocks from "
                           "English", path="templates")
    p = Pairing(ctx, english, stacked, language)
    s = ctx.styles
    story: list[Flowable] = p.header()
    story += p.pair([para(bold(document.title), s.title, p.ctx),
                     para(document.subtitle, s.subtitle, p.ctx)],
                    [para(bold(source.title), s.title, p.english),
                     para(source.subtitle, s.subtitle, p.english)])
    story += status_banner(document, ctx)
    rule_done = False
    for block, original in zip(document.blocks, source.blocks, strict=True):
        _same_shape(block, original)
        if is_fine_print(block) and not rule_done:
            rule_done = True
            story.append(fine_print_rule(ctx))
        if isinstance(block, model.Section):
            story += _section(p, block, original)  # type: ignore[arg-type]
        else:
            story += _flows(p, block, original)
    return story

