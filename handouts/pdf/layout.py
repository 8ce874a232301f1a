"""Stage 4: lay the document model out as ReportLab flowables.

This is the one place text becomes ReportLab paragraph markup: every run is
escaped, then split into ``<font>`` runs by the locale's font chain, so
``AT&T`` and ``a < b`` print literally and no content can add an image or a
link.  Every flowable is given the structure element it draws (``tagging``),
created in reading order under ``LayoutContext.parent``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, assert_never
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListItem, Spacer, Table, TableStyle

from ..document import model
from ..fonts import FontChain, face_name
from ..project import SOURCE_LOCALE
from .bidi import reads_right_to_left
from .flowables import (
    EmboldenedHeading,
    EmboldenedParagraph,
    Heading,
    ShapedHeading,
    TaggedList,
    TextParagraph,
    WriteInLines,
)
from .grouping import keep
from .styles import Styles
from .tagging import Node, artifact_table, typed_lang
from .textflow import ShapedParagraph, TextMode, pieces

UNTRANSLATED_COLOR = "#FFE08A"


@dataclass(frozen=True)
class LayoutContext:
    styles: Styles
    chain: FontChain
    width: float  # frame width in points
    # For text typed at print time (a patient's name may be in any script):
    # builds the locale's fonts followed by every other font we have. Called
    # only when the locale's own fonts lack a character, since loading every
    # font (5 MB of Chinese) would slow each render.
    wider_chain: Callable[[], FontChain] | None = None
    mode: TextMode | None = None  # shaped and bidi text (textflow.py); None: ReportLab's own
    parent: Node = dataclasses.field(default_factory=lambda: Node("Document"))  # new ones go here
    lang: str = ""  # set on every element this context creates (the English of a bilingual)
    level: int = 2  # the heading level of a section here (the title is H1)
    script: str = ""  # the locale's ISO 15924 script: typed text in another gets a Lang

    @property
    def rtl(self) -> bool:
        return self.mode is not None and self.mode.rtl

    def node(self, role: str) -> Node:
        """A new structure element under the parent, after the ones made before it."""
        return self.parent.add(role, self.lang)

    def under(self, node: Node, **changes: Any) -> LayoutContext:
        return replace(self, parent=node, **changes)

    def chain_for(self, typed: str) -> FontChain:
        if self.wider_chain is None or not self.chain.missing(typed):
            return self.chain
        return self.wider_chain()


def to_markup(inline: model.Inline, chain: FontChain, base_font: str | None = None) -> str:
    """Runs -> ReportLab paragraph markup: escaped, font-split, bold where marked.

    ``base_font`` is the paragraph style's font (default: the chain's first);
    runs in it need no ``<font>`` tag, which keeps ReportLab's parsing quick.
    """
    base = base_font or chain.primary.name
    parts = []
    for run in inline:
        pieces = []
        for family, text in chain.runs(run.text):
            body = escape(text).replace("\n", "<br/>")
            if family == base:  # the style's own font: <b> maps to its bold face
                pieces.append(f"<b>{body}</b>" if run.bold else body)
            else:  # name the face itself: <b> around <font name=...> would print regular
                name = face_name(family, "bold") if run.bold else family
                pieces.append(f'<font name="{name}">{body}</font>')
        piece = "".join(pieces)
        if run.untranslated:
            piece = f'<span backColor="{UNTRANSLATED_COLOR}">{piece}</span>'
        parts.append(piece)
    return "".join(parts)


def bold(inline: model.Inline) -> model.Inline:
    """The same runs, all bold: headings are bold in every script."""
    return tuple(model.Run(r.text, True, r.untranslated) for r in inline)


def text_width(inline: model.Inline, chain: FontChain, size: float) -> float:
    """Width of a line of text in points, font run by font run."""
    return sum(stringWidth(text, family, size)
               for family, text in chain.runs(model.plain(inline)))


def _all_bold(inline: model.Inline) -> bool:
    return bool(inline) and all(run.bold or not run.text.strip() for run in inline)


def para(inline: model.Inline, style: Any, ctx: LayoutContext,
         tag: Node | None = None) -> Flowable:
    """A paragraph, tagged ``tag`` (default: a new P under the context's parent)."""
    embolden = ctx.chain.needs_synthetic_bold and _all_bold(inline)
    english = _untranslated(inline)  # a draft shows the English it lacks: English it is
    flowable: Flowable
    if ctx.mode is not None:
        mode = replace(ctx.mode, rtl=False) if english else ctx.mode
        flowable = ShapedParagraph(pieces(inline, ctx.chain, UNTRANSLATED_COLOR), style,
                                   mode, chain_keys=ctx.chain.keys, embolden=embolden)
    else:
        markup = to_markup(inline, ctx.chain, style.fontName)
        flowable = (EmboldenedParagraph if embolden else TextParagraph)(markup, style)
    flowable.tag = tag or ctx.parent.add("P", SOURCE_LOCALE if english else ctx.lang)
    return flowable


def _untranslated(inline: model.Inline) -> bool:
    return any(run.text.strip() for run in inline) and \
        all(run.untranslated for run in inline if run.text.strip())


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
    common = {indent: s.size * 1.6, "bulletFontName": font, "bulletFontSize": s.size,
              "spaceAfter": s.size * 0.6, "bulletDir": "rtl" if ctx.rtl else "ltr"}
    if numbered:
        # the full stop goes where a reader of the script ends the number: "1." or ".1"
        return TaggedList(flowables, bulletType="1", bulletFormat=".%s" if ctx.rtl else "%s.",
                          **common)
    return TaggedList(flowables, bulletType="bullet", start="\u2022", **common)


def _fields(block: model.Fields, ctx: LayoutContext) -> Flowable:
    """Fill-in lines, two to a row; the label column fits the longest label."""
    s = ctx.styles
    group = ctx.node("Div")
    spans = [group.add("P", ctx.lang) for _ in block.fields]  # label, then what is written
    labels = [para(field.label, s.field_label, ctx, span.add("Span", ctx.lang))
              for field, span in zip(block.fields, spans, strict=True)]
    col = ctx.width / 2
    longest = max((text_width(field.label, ctx.chain, s.field_label.fontSize)
                   for field in block.fields), default=0.0)
    label_w = min(max(longest + 8, col * 0.3), col * 0.55)
    cells = []
    for field, label, span in zip(block.fields, labels, spans, strict=True):
        typed = replace(ctx, chain=ctx.chain_for(field.value),  # typed: its own direction
                        mode=ctx.mode and replace(ctx.mode, rtl=reads_right_to_left(
                            field.value, ctx.mode.rtl)))
        lang = typed_lang(field.value, ctx.script) or ctx.lang
        value = para((model.Run(field.value),), s.body, typed, span.add("Span", lang)) \
            if field.value else Spacer(1, s.leading)
        cells.append([label, value])
    rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else [None, None])
            for i in range(0, len(cells), 2)]
    widths = [label_w, col - label_w] * 2
    if ctx.rtl:  # label, then its line, from the right
        rows, widths = [row[::-1] for row in rows], widths[::-1]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
             ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 6)]
    for r, row in enumerate(rows):
        for c, label in ((2, 3), (0, 1)) if ctx.rtl else ((1, 0), (3, 2)):
            if row[label] is not None:
                style.append(("LINEBELOW", (c, r), (c, r), 0.6, s.palette.ink))
    table.setStyle(TableStyle(style))
    return artifact_table(table)


def box_flowables(block: model.Box, ctx: LayoutContext) -> list[Flowable]:
    s = ctx.styles
    color = s.palette.accent if block.kind == "urgent" else s.palette.primary
    inner = ctx.under(ctx.node("Div"), width=ctx.width - 2 * s.size, level=ctx.level + 1)
    content: list[Flowable] = [para(bold(block.heading), s.box_heading, inner,
                                    inner.node(f"H{ctx.level}"))]
    for child in block.blocks:
        content.extend(flow(child, inner))
    table = Table([[content]], colWidths=[ctx.width], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
        ("BOX", (0, 0), (-1, -1), 2.5, color),
        ("BACKGROUND", (0, 0), (-1, -1), s.palette.tint(color, 0.08)),
        ("LEFTPADDING", (0, 0), (-1, -1), s.size), ("RIGHTPADDING", (0, 0), (-1, -1), s.size),
        ("TOPPADDING", (0, 0), (-1, -1), s.size * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), s.size * 0.2),
    ]))
    return [Spacer(1, s.size * 0.5), artifact_table(table), Spacer(1, s.size * 0.8)]


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
            return [_fields(block, ctx), Spacer(1, s.size * 0.8)]
        case model.WriteIn():
            return [WriteInLines(block.lines, s.leading * 1.4, s.palette.ink)]
        case model.Box():
            return keep(block, box_flowables(block, ctx), s)
        case model.Section():
            inner = ctx.under(ctx.node("Sect"))
            heading = heading_flowable(block, inner)
            inner = replace(inner, level=ctx.level + 1)
            body = [f for child in block.blocks for f in flow(child, inner)]
            return keep(block, [heading, *body], s)
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
        story.extend(flow(block, ctx))
    return story
