"""Tagged PDF: the structure tree a screen reader follows (PDF/UA-1, ISO 14289-1).

ReportLab writes no tags, so this module does, in two steps:

1. While pages are drawn, every piece of content is either *marked* as part
   of a structure element (``Marked`` flowables, ``mark`` for drawings the
   page furniture tags once) or an *artifact* (``artifact``, ``artifact_table``:
   rules, backgrounds, page furniture, the watermark).  The layout only says
   what a flowable is (``Node("P")``, ``Node("H2")``...), never writes PDF
   operators; the marked-content operators are written here.
2. After ReportLab has written the file, ``structure.py`` writes the
   structure tree, parent tree, ``/MarkInfo``, ``/ViewerPreferences``,
   ``/Lang`` and the XMP metadata, appended by ``increment.py``.

The tree's order is the reading order: nodes are children in the order the
layout creates them, whatever order the pages draw them in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    """A marked-content sequence on a page: the page's MCID for it."""

    page: int  # 0-based
    mcid: int


@dataclass(eq=False)
class Node:
    """A structure element: a standard PDF role (Document, Sect, H1, H2, P, L, LI, Lbl,
    LBody, Div, Figure, Span), in reading order."""

    role: str
    lang: str = ""  # BCP 47, when it differs from the document's
    alt: str = ""  # alternative text (a Figure)
    kids: list[Node | Mark] = field(default_factory=list)
    numbering: str = ""  # a list's /ListNumbering: Disc, Decimal

    def __copy__(self) -> Node:
        return self  # a flowable copied by ReportLab (a split table) still draws this one

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        return self

    def add(self, role: str, lang: str = "", alt: str = "") -> Node:
        child = Node(role, lang, alt)
        self.kids.append(child)
        return child

    def text_nodes(self) -> Iterator[Node]:
        """This node and every descendant, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.text_nodes()


#: Unicode character-name prefixes -> ISO 15924 scripts, for text typed at print time.
_SCRIPTS = {"LATIN": "Latn", "CJK": "Hani", "HANGUL": "Hang", "ARABIC": "Arab",
            "DEVANAGARI": "Deva", "ETHIOPIC": "Ethi", "CYRILLIC": "Cyrl", "GREEK": "Grek",
            "HEBREW": "Hebr", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "THAI": "Thai"}


def typed_script(text: str) -> str:
    """The ISO 15924 script of text typed at print time: its first letter's ("" if
    unknown or none)."""
    for char in text:
        if char.isalpha():
            return _SCRIPTS.get(unicodedata.name(char, "").split(" ")[0], "")
    return ""


def typed_lang(text: str, script: str) -> str:
    """The language tag for text typed at print time (a patient's name) when its script
    is not the document's: "und-Latn" for a Latin name inside Chinese, so a screen
    reader switches voice; "" when it is the document's own script."""
    found = typed_script(text)
    return f"und-{found}" if found and found != script else ""


class Marker:
    """Kept on the canvas: numbers each page's marked content (MCIDs) and knows which
    element's content is being drawn (None inside an artifact)."""

    def __init__(self) -> None:
        self.next_mcid: dict[int, int] = {}
        self.open: list[Node | None] = []
        self._starts: list[int] = []  # where each open sequence's content starts

    def begin(self, canvas: Any, node: Node, extra: str = "") -> None:
        page = canvas.getPageNumber() - 1
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        node.kids.append(Mark(page, mcid))
        canvas.addLiteral(f"/{node.role} <</MCID {mcid}{extra}>> BDC")

    def enter(self, canvas: Any, node: Node | None, kind: str = "Layout") -> None:
        """Start drawing node's content (None: an artifact of this kind)."""
        if node is not None:
            self.begin(canvas, node)
        else:  # an untyped artifact is layout
            canvas.addLiteral("/Artifact BMC" if kind == "Layout" else
                              f"/Artifact <</Type /{kind}>> BDC")
        self.open.append(node)
        self._starts.append(len(canvas._code))

    def leave(self, canvas: Any) -> None:
        node, start = self.open.pop(), self._starts.pop()
        close_or_drop(canvas, start, node is None)


def close_or_drop(canvas: Any, start: int, droppable: bool = True) -> None:
    """End the sequence begun just before ``start`` in the canvas's code; an artifact
    that drew nothing (a table with no background) is taken out instead, 30 bytes
    fewer each."""
    if droppable and len(canvas._code) == start:
        canvas._code.pop()
    else:
        canvas.addLiteral("EMC")


def pdf_text(value: str) -> str:
    """A PDF text string: UTF-16BE with its byte-order mark, as hex (any script)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


@contextmanager
def mark(canvas: Any, node: Node | None) -> Iterator[None]:
    """Drawing inside belongs to node (nothing to do on an untagged canvas)."""
    marker = getattr(canvas, "marker", None)
    if marker is None or node is None:
        yield
        return
    marker.enter(canvas, node)
    try:
        yield
    finally:
        marker.leave(canvas)


@contextmanager
def artifact(canvas: Any, kind: str = "Layout") -> Iterator[None]:
    """Drawing inside is decoration a screen reader skips (Layout, Pagination...)."""
    marker = getattr(canvas, "marker", None)
    if marker is None:
        yield
        return
    marker.enter(canvas, None, kind)
    try:
        yield
    finally:
        marker.leave(canvas)


@contextmanager
def actual_text(canvas: Any, text: str) -> Iterator[None]:
    """Glyphs that stand for text in another order (a vowel sign drawn before its
    consonant): a Span of their own with /ActualText, not nested in the element's
    marked content (poppler's structure reader stops at a nested one)."""
    marker = getattr(canvas, "marker", None)
    node = marker.open[-1] if marker is not None and marker.open else None
    if marker is not None and node is None:  # an artifact, or outside any element
        yield
        return
    actual = pdf_text(text)
    if marker is None:  # an untagged canvas: the text layer still reads right
        canvas.addLiteral(f"/Span <</ActualText {actual}>> BDC")
        yield
        canvas.addLiteral("EMC")
        return
    assert node is not None
    canvas.addLiteral("EMC")  # pause the element's own sequence
    marker.begin(canvas, node.add("Span", node.lang), f" /ActualText {actual}")
    try:
        yield
    finally:
        canvas.addLiteral("EMC")
        marker.begin(canvas, node)  # and go on with it


class Marked:
    """Mixin for a flowable that draws one structure element's content (``tag``)."""

    tag: Node | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        marker = getattr(canvas, "marker", None)
        if marker is None or self.tag is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        marker.enter(canvas, self.tag)  # as mark() does, without a generator: it is hot
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            marker.leave(canvas)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)  # type: ignore[misc]
        if len(parts) < 2:  # "fits whole" ([self]) is no split; a table cell needs 0 or 2
            return []
        for part in parts:
            part.tag = self.tag  # both halves of a paragraph split over pages
        return list(parts)


def artifact_table(table: Any, rtl: bool = False) -> Any:
    """A table whose backgrounds and rules are artifacts; its cells tag themselves. In a
    right-to-left table (``rtl``) each row's cells are written right to left, the order
    they are read in (ReportLab draws them left to right). A cell's drawing is between
    q and Q, but ReportLab may set the fill colour and font just before it, only when
    they differ from the last cell's: the cells it is used for (paragraphs) set their
    own, and pages were compared pixel for pixel before and after."""
    starts: list[int] = []

    def on_render(_table: Any, event: str, *_: Any) -> None:
        canvas = _table.canv
        if getattr(canvas, "marker", None) is None:
            return
        if event in ("startBG", "startLines"):
            canvas.addLiteral("/Artifact BMC")
            _table._artifact_start = len(canvas._code)
        elif event in ("endBG", "endLines"):
            close_or_drop(canvas, _table._artifact_start)
        elif rtl and event == "startRow":
            starts.clear()
        elif rtl and event == "startCell":
            starts.append(len(canvas._code))
        elif rtl and event == "endRow" and starts:
            code = canvas._code
            cells = [code[a:b] for a, b in zip(starts, [*starts[1:], len(code)], strict=True)]
            code[starts[0]:] = [op for cell in reversed(cells) for op in cell]

    table._renderCB = on_render
    return table


class MarkedBullet:
    """A list bullet or number (ReportLab's BulletDrawer), drawn as the item's Lbl."""

    def __init__(self, drawer: Any, node: Node, reads: str = "") -> None:
        self._drawer, self._node, self._reads = drawer, node, reads

    def __getattr__(self, name: str) -> Any:
        if name in ("_drawer", "_node", "_reads"):  # not yet set (a copy being made)
            raise AttributeError(name)
        return getattr(self._drawer, name)

    def drawOn(self, indenter: Any, canvas: Any, x: float, y: float,  # noqa: N802
               _sW: float = 0) -> None:  # noqa: N803 (ReportLab calls it by name)
        with mark(canvas, self._node):
            if self._reads and self._drawer.value:  # drawn in another order than read
                canvas = _InReadingOrder(canvas, self._reads % self._drawer.value)
            self._drawer.drawOn(indenter, canvas, x, y, _sW)


class _InReadingOrder:
    """A canvas on which a label drawn as ".1" is written as "1" then "." (each where
    it shows), so the text layer reads "1."; everything else goes to the canvas."""

    def __init__(self, canvas: Any, reads: str) -> None:
        self._canvas, self._reads = canvas, reads

    def __getattr__(self, name: str) -> Any:
        return getattr(self._canvas, name)

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        canvas = self._canvas
        cut = next((k for k in range(len(text)) if text[k:] + text[:k] == self._reads), 0)
        width = canvas.stringWidth(text[:cut], canvas._fontname, canvas._fontsize)
        canvas.drawString(x + width, y, text[cut:])  # what is read first, where it shows
        if cut:
            canvas.drawString(x, y, text[:cut])

    def drawRightString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        canvas = self._canvas
        self.drawString(x - canvas.stringWidth(text, canvas._fontname, canvas._fontsize), y,
                        text)

    def drawCentredString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        canvas = self._canvas
        self.drawString(x - canvas.stringWidth(text, canvas._fontname, canvas._fontsize) / 2,
                        y, text)
