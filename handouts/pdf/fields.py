"""Fill-in fields: the patient's name, the date, the care team, a note.

Each field has a line of its own across the page, its label in a column that
fits the longest label.  A name, a date or a clinician typed at print time
stays on one line: it shrinks rather than wraps (a name of 60 characters
fits), and never breaks inside a word; a note wraps.  A typed value runs in
its own direction (a Latin name on an Arabic page reads left to right).
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..document import model
from .bidi import reads_right_to_left
from .paragraphs import LayoutContext, para, text_width
from .tagging import Node, artifact_table, typed_lang

#: Fields that stay on one line, shrinking to fit: a name must never wrap.
ONE_LINE = frozenset({"patient_name", "procedure_date", "clinician"})
#: ...down to this share of the body size (then they wrap, at spaces only).
SMALLEST = 0.6


def fields_flowable(block: model.Fields, ctx: LayoutContext) -> Flowable:
    """The fields as a table: labels in a column that fits the longest, values on lines."""
    s = ctx.styles
    group = ctx.node("Div")
    longest = max((text_width(field.label, ctx.chain, s.field_label.fontSize)
                   for field in block.fields), default=0.0)
    label_w = min(max(longest + 8, ctx.width * 0.15), ctx.width * 0.3)
    rows = []
    for field in block.fields:
        node = group.add("P", ctx.lang)  # label, then what is written
        rows.append([para(field.label, s.field_label, ctx, node.add("Span", ctx.lang)),
                     _value(field, ctx.width - label_w - 4, ctx, node)])
    widths = [label_w, ctx.width - label_w]
    line = 1
    if ctx.rtl:  # label, then its line, from the right
        rows, widths, line = [row[::-1] for row in rows], widths[::-1], 0
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), ctx.chain.primary.name),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (line, 0), (line, -1), 0.6, s.palette.ink)]))
    return artifact_table(table)


def _value(field: model.Field, room: float, ctx: LayoutContext, node: Node) -> Flowable:
    """A typed value in its own script's fonts and direction (one line, shrunk to fit,
    for ONE_LINE fields); a blank line to write on when nothing was typed."""
    s, value = ctx.styles, field.value
    if not value:
        return Spacer(1, s.leading)
    typed = replace(ctx, chain=ctx.chain_for(value),
                    mode=ctx.mode and replace(ctx.mode, rtl=reads_right_to_left(
                        value, ctx.mode.rtl)))
    scale = 1.0
    if field.name in ONE_LINE:
        natural = text_width((model.Run(value),), typed.chain, s.body.fontSize) * 1.05
        scale = max(SMALLEST, min(1.0, room / natural)) if natural else 1.0
    style = ParagraphStyle("value", parent=s.body, fontSize=s.body.fontSize * scale,
                           leading=s.body.leading * scale, spaceAfter=0)
    lang = typed_lang(value, ctx.script) or ctx.lang
    return para((model.Run(value),), style, typed, node.add("Span", lang))
