"""Stage 4: lay the document model out as ReportLab flowables.

This is the one place text becomes ReportLab paragraph markup: every run is
escaped, then split into ``<font>`` runs by the locale's font chain, so
``AT&T`` and ``a < b`` print literally and no content can add an image or a
link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, assert_never
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..document import model
from ..fonts import FontChain, face_name
from .grouping import keep
from .styles import Styles
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

    @property
    def rtl(self) -> bool:
        return self.mode is not None and self.mode.rtl

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


class Heading(Paragraph):
    """A section heading that also becomes a PDF outline (bookmark) entry."""

    def __init__(self, markup: str, style: object, outline: str, key: str) -> None:
        super().__init__(markup, style)
        self.outline_title = outline
        self.outline_key = key


class ShapedHeading(ShapedParagraph):
    """A shaped section heading with its outline entry."""

    def __init__(self, inline: model.Inline, style: Any, ctx: LayoutContext, outline: str,
                 key: str) -> None:
        super().__init__(pieces(inline, ctx.chain, UNTRANSLATED_COLOR), style,
                         ctx.mode or TextMode(False, ""), chain_keys=ctx.chain.keys,
                         embolden=ctx.chain.needs_synthetic_bold)
        self.outline_title = outline
        self.outline_key = key


class EmboldenedParagraph(Paragraph):
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


class WriteInLines(Flowable):
    """Ruled lines to write on."""

    def __init__(self, count: int, gap: float, color: object) -> None:
        super().__init__()
        self.count, self.gap, self.color = count, gap, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap + 4

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.gap + 2
            canvas.line(0, y, self.width, y)


def bold(inline: model.Inline) -> model.Inline:
    """The same runs, all bold: headings are bold in every script."""
    return tuple(model.Run(r.text, True, r.untranslated) for r in inline)


def text_width(inline: model.Inline, chain: FontChain, size: float) -> float:
    """Width of a line of text in points, font run by font run."""
    return sum(stringWidth(text, family, size)
               for family, text in chain.runs(model.plain(inline)))


def _all_bold(inline: model.Inline) -> bool:
    return bool(inline) and all(run.bold or not run.text.strip() for run in inline)


def para(inline: model.Inline, style: object, ctx: LayoutContext) -> Flowable:
    if ctx.mode is not None:
        return ShapedParagraph(pieces(inline, ctx.chain, UNTRANSLATED_COLOR), style, ctx.mode,
                               chain_keys=ctx.chain.keys,
                               embolden=ctx.chain.needs_synthetic_bold and _all_bold(inline))
    markup = to_markup(inline, ctx.chain, style.fontName)  # type: ignore[attr-defined]
    if ctx.chain.needs_synthetic_bold and _all_bold(inline):
        return EmboldenedParagraph(markup, style)
    return Paragraph(markup, style)


def _list(items: tuple[model.Inline, ...], numbered: bool, ctx: LayoutContext) -> ListFlowable:
    s = ctx.styles
    flowables = [ListItem(para(item, s.bullet, ctx)) for item in items]
    # Ethiopic fonts have no "•" and no ASCII digits: use a family that has them.
    font = ctx.chain.family_for("1234567890." if numbered else "\u2022")
    indent = "rightIndent" if ctx.rtl else "leftIndent"  # bullets where the lines start
    common = {indent: s.size * 1.6, "bulletFontName": font, "bulletFontSize": s.size,
              "spaceAfter": s.size * 0.6, "bulletDir": "rtl" if ctx.rtl else "ltr"}
    if numbered:
        return ListFlowable(flowables, bulletType="1", bulletFormat="%s.", **common)
    return ListFlowable(flowables, bulletType="bullet", start="\u2022", **common)


def _fields(block: model.Fields, ctx: LayoutContext) -> Flowable:
    """Fill-in lines, two to a row; the label column fits the longest label."""
    s = ctx.styles
    labels = [para(field.label, s.field_label, ctx) for field in block.fields]
    col = ctx.width / 2
    longest = max((text_width(field.label, ctx.chain, s.field_label.fontSize)
                   for field in block.fields), default=0.0)
    label_w = min(max(longest + 8, col * 0.3), col * 0.55)
    cells = []
    for field, label in zip(block.fields, labels, strict=True):
        typed = replace(ctx, chain=ctx.chain_for(field.value))
        value = para((model.Run(field.value),), s.body, typed) if field.value \
            else Spacer(1, s.leading)
        cells.append([label, value])
    rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""])
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
            if row[label] != "":
                style.append(("LINEBELOW", (c, r), (c, r), 0.6, s.palette.ink))
    table.setStyle(TableStyle(style))
    return table


def box_flowables(block: model.Box, ctx: LayoutContext) -> list[Flowable]:
    s = ctx.styles
    color = s.palette.accent if block.kind == "urgent" else s.palette.primary
    inner = replace(ctx, width=ctx.width - 2 * s.size)
    content: list[Flowable] = [para(bold(block.heading), s.box_heading, inner)]
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
    return [Spacer(1, s.size * 0.5), table, Spacer(1, s.size * 0.8)]


def heading_flowable(block: model.Section, ctx: LayoutContext) -> Flowable:
    """A section heading; bold, and an outline entry in the PDF."""
    title = model.plain(block.heading)
    if ctx.mode is not None:
        return ShapedHeading(bold(block.heading), ctx.styles.heading, ctx, title,
                             block.id or title)
    kind = EmboldenedHeading if ctx.chain.needs_synthetic_bold else Heading
    style = ctx.styles.heading
    return kind(to_markup(bold(block.heading), ctx.chain, style.fontName), style, title,
                block.id or title)


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
            body = [f for child in block.blocks for f in flow(child, ctx)]
            return keep(block, [heading_flowable(block, ctx), *body], s)
        case model.FinePrint():
            small = [para(p.content, s.small, ctx) for p in block.paragraphs]
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
    return [banner, Spacer(1, s.size * 0.8)]


def lay_out(document: model.Document, ctx: LayoutContext) -> list[Flowable]:
    """Stage 4 in full: the story of flowables for the whole handout."""
    s = ctx.styles
    story: list[Flowable] = [para(bold(document.title), s.title, ctx)]
    if document.subtitle:
        story.append(para(document.subtitle, s.subtitle, ctx))
    story.extend(status_banner(document, ctx))
    for block in document.blocks:
        story.extend(flow(block, ctx))
    return story
