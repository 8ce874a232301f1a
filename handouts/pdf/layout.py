"""Stage 4: lay the document model out as ReportLab flowables.

Paragraphs come from ``paragraphs.py`` (text to tagged paragraphs), fields
from ``fields.py``; this module lays out the blocks: lists, boxes, sections,
the fine print, and the whole story.  Every flowable is given the structure
element it draws (``tagging``), created in reading order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, assert_never

from reportlab.platypus import Flowable, ListItem, Spacer, Table, TableStyle

from ..document import model
from .boxes import single_box
from .fields import fields_flowables
from .flowables import (
    EmboldenedHeading,
    Gap,
    Heading,
    ShapedHeading,
    TaggedList,
    WriteInLines,
)
from .grouping import add_block, keep, section_body
from .paragraphs import UNTRANSLATED_COLOR, LayoutContext, bold, para, to_markup
from .tagging import artifact_table
from .textflow import pieces


def _list_item(item: model.Inline, ctx: LayoutContext) -> ListItem:
    """LI: its bullet or number (Lbl, drawn by the list) and its text (LBody)."""
    entry = ctx.node("LI")
    label, body = entry.add("Lbl", ctx.lang), entry.add("LBody", ctx.lang)
    paragraph = para(item, ctx.styles.bullet, ctx, body)  # the text is the body itself
    paragraph.label_node = label
    return ListItem(paragraph)


def _list(items: tuple[model.Inline, ...], numbered: bool, ctx: LayoutContext) -> TaggedList:
    s = ctx.styles
    items_node = ctx.node("L")
    items_node.numbering = "Decimal" if numbered else "Disc"
    inner = ctx.under(items_node)
    flowables = [_list_item(item, inner) for item in items]
    # Ethiopic fonts have no "•" and no ASCII digits: use a family that has them.
    font = ctx.chain.family_for("1234567890." if numbered else "\u2022")
    indent = "rightIndent" if ctx.rtl else "leftIndent"  # bullets where the lines start
    common: dict[str, Any] = {
        indent: s.size * 1.6, "bulletFontName": font, "bulletFontSize": s.size,
        "spaceAfter": s.size * 0.6, "bulletDir": "rtl" if ctx.rtl else "ltr"}
    if numbered:
        # the full stop goes where a reader of the script ends the number: "1." or ".1"
        return TaggedList(flowables, bulletType="1", bulletFormat=".%s" if ctx.rtl else "%s.",
                          reads="%s." if ctx.rtl else "", **common)
    return TaggedList(flowables, bulletType="bullet", start="\u2022", **common)


def heading_flowable(block: model.Section, ctx: LayoutContext) -> Flowable:
    """A section heading (H2, or deeper in a nested context); bold, and an outline entry."""
    title, style, text = model.plain(block.heading), ctx.styles.heading, bold(block.heading)
    heading: Flowable
    if ctx.mode is not None:
        heading = ShapedHeading(pieces(text, ctx.chain, UNTRANSLATED_COLOR), style, ctx.mode,
                                chain_keys=ctx.chain.keys,
                                embolden=ctx.chain.needs_synthetic_bold,
                                outline=title, key=block.id or title)
    else:
        kind = EmboldenedHeading if ctx.chain.needs_synthetic_bold else Heading
        heading = kind(to_markup(text, ctx.chain, style.fontName), style, title,
                       block.id or title)
    heading.tag = ctx.node(f"H{ctx.level}")
    return heading


def flow(block: model.Block, ctx: LayoutContext) -> list[Flowable]:
    """The flowables for one block of the model, grouped as grouping.keep says."""
    s = ctx.styles
    match block:
        case model.Paragraph():
            return [para(block.content, s.body, ctx)]
        case model.BulletList() | model.Steps():
            return [_list(block.items, isinstance(block, model.Steps), ctx)]
        case model.Fields():
            return keep(block, [*fields_flowables(block, ctx), Gap(1, s.size * 0.8)], s)
        case model.WriteIn():
            return [WriteInLines(block.lines, s.leading * 1.4, s.palette.ink)]
        case model.Box():
            return keep(block, single_box(block, ctx, flow), s)
        case model.Section():
            inner = ctx.under(ctx.node("Sect"))
            heading = heading_flowable(block, inner)
            inner = replace(inner, level=ctx.level + 1)
            parts = [(child, flow(child, inner)) for child in block.blocks]
            return keep(block, section_body([heading], parts), s)
        case model.FinePrint():
            inner = ctx.under(ctx.node("Div"))
            small = [para(p.content, s.small, inner) for p in block.paragraphs]
            return keep(block, small, s)
        case _:
            assert_never(block)


def status_banner(document: model.Document, ctx: LayoutContext) -> list[Flowable]:
    status = document.furniture.status
    if not status:
        return []
    s = ctx.styles
    banner = Table([[para((model.Run(status, bold=True),), s.status, ctx)]],
                   colWidths=[ctx.width], hAlign="LEFT")
    banner.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
        ("BACKGROUND", (0, 0), (-1, -1), s.palette.tint(s.palette.accent, 0.12)),
        ("LINEAFTER" if ctx.rtl else "LINEBEFORE", (0, 0), (0, -1), 4, s.palette.accent),
        ("RIGHTPADDING" if ctx.rtl else "LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return [artifact_table(banner), Spacer(1, s.size * 0.8)]


def lay_out(document: model.Document, ctx: LayoutContext) -> list[Flowable]:
    """Stage 4 in full: the story of flowables for the whole handout."""
    s = ctx.styles
    story: list[Flowable] = [para(bold(document.title), s.title, ctx, ctx.node("H1"))]
    if document.subtitle:
        story.append(para(document.subtitle, s.subtitle, ctx))
    story.extend(status_banner(document, ctx))
    for block in document.blocks:
        add_block(story, block, flow(block, ctx))
    return story
