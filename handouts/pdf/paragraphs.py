"""The layout's shared ground: its context, and text turned into tagged paragraphs.

This is the one place text becomes ReportLab paragraph markup: every run is
escaped, then split into ``<font>`` runs by the locale's font chain, so
``AT&T`` and ``a < b`` print literally and no content can add an image or a
link.  Shaped scripts get ``textflow`` paragraphs instead.  Every paragraph
is given the structure element it draws (``tagging``), created in reading
order under ``LayoutContext.parent``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape as html_escape
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..document import model
from ..fonts import FontChain, face_name
from ..project import SOURCE_LOCALE
from .flowables import EmboldenedParagraph, TextParagraph
from .styles import Styles
from .tagging import Node
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
    note_lines: int = 0  # lines for the note field (0: fields.LINES)

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
            body = html_escape(text, quote=False).replace("\n", "<br/>")
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


