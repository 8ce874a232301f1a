"""Fill-in fields: the patient's name, the date, the care team, a note.

The name and the note take a line of their own across the page (a name of
60 characters or more fits on one line: it shrinks rather than wraps);
other fields go two to a row.  A value typed at print time shrinks to its
line, never breaks inside a word, and runs in its own direction (a Latin
name on an Arabic page reads left to right).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..document import model
from .bidi import reads_right_to_left
from .paragraphs import LayoutContext, para, text_width
from .tagging import artifact_table, typed_lang

#: Fields that take a whole line: a name must never wrap, a note needs room.
WIDE_FIELDS = frozenset({"patient_name", "note"})
#: A typed value shrinks to fit its line, down to this share of the body size.
SMALLEST = 0.6


def fields_flowable(block: model.Fields, ctx: LayoutContext) -> Flowable:
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


