"""A real space at the end of each line that broke at a space.

ReportLab drops the space where it breaks a line, so the text layer read in
content order (the structure tree's text, which poppler and some screen
readers use, and copying) ran the last word of one line into the first of the
next: "called" + "vertebrae" read "calledvertebrae".  ISO 32000-1 (14.8.2.5)
asks a producer for explicit spaces between words; here each such line ends
with one, drawn after its last word (no ink, no effect on layout).  A line
that ends inside a word (a word longer than the line, cut) or in Chinese or
Japanese text, which has no spaces, gets none.  Shaped paragraphs do the same
in ``textflow``.
"""

from __future__ import annotations

import html
import re
from typing import Any

_BREAK = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]*>")


def ends_at_space(lines: list[str], source: str | None, continues: bool) -> list[bool]:
    """For each line's text, whether the source text has white space right after it
    (the last line: whether the paragraph ``continues`` in another part). Without a
    source (a split part keeps only its words), every line broke between words."""
    if source is None:
        return [True] * (len(lines) - 1) + [continues]
    flags: list[bool] = []
    at, size = 0, len(source)
    for text in lines:
        for char in text:
            if char.isspace():
                continue
            while at < size and source[at].isspace():
                at += 1
            if at >= size or source[at] != char:  # not the text we thought: add nothing
                return flags + [False] * (len(lines) - len(flags))
            at += 1
        flags.append(at < size and source[at].isspace())
    flags[-1:] = [continues] if flags else []
    return flags


class SpacedLines:
    """Mixin for ReportLab's Paragraph: each line that broke at a space is drawn with
    that space (the lines measured and split are ReportLab's own, unchanged)."""

    continues = False  # the first part of a paragraph split over two pages

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = list(super().split(avail_width, avail_height))  # type: ignore[misc]
        if len(parts) == 2:
            parts[0].continues = True
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab's name)
        para = self.blPara  # type: ignore[attr-defined]
        lines = para.lines
        cjk = getattr(getattr(self, "style", None), "wordWrap", None) == "CJK"
        source = self._source()
        if source is None and cjk:  # a split part of text that breaks anywhere: no spaces
            super().drawPara(debug)  # type: ignore[misc]
            return
        para.lines = spaced(lines, para.kind, source, self.continues)
        try:
            super().drawPara(debug)  # type: ignore[misc]
        finally:
            para.lines = lines

    def _source(self) -> str | None:
        """The paragraph's text without markup (None for a split part, made from words)."""
        markup = getattr(self, "text", None)
        if not isinstance(markup, str):
            return None
        return html.unescape(_TAG.sub("", _BREAK.sub("\n", markup)))


def spaced(lines: list[Any], kind: int, source: str | None, continues: bool) -> list[Any]:
    """ReportLab's lines (kind 0: (extra space, words); kind 1: FragLine with frags) with
    a space after the last word of each that broke at a space or a <br/>."""
    if not lines:
        return lines
    if kind == 0:
        texts = [" ".join(words) for _, words in lines]
        flags = ends_at_space(texts, source, continues)
        return [(extra, [*words[:-1], words[-1] + " "]) if flag and words else (extra, words)
                for (extra, words), flag in zip(lines, flags, strict=True)]
    texts = ["".join(getattr(f, "text", "") for f in line.words if not _is_callback(f))
             for line in lines]
    flags = ends_at_space(texts, source, continues)
    out = []
    for line, flag in zip(lines, flags, strict=True):
        last = _last_text(line.words)
        if (flag or getattr(line, "lineBreak", False)) and last >= 0:
            space = line.words[last].clone(text=" ")  # a frag of its own, with no
            space.backColor = None  # highlight: a draft's highlight ends with the word
            line = line.clone(words=[*line.words[:last + 1], space, *line.words[last + 1:]])
        out.append(line)
    return out


def _last_text(frags: list[Any]) -> int:
    """Index of the last frag that draws text (not an image or a break), or -1."""
    for index in range(len(frags) - 1, -1, -1):
        if not _is_callback(frags[index]) and str(getattr(frags[index], "text", "")):
            return index
    return -1


def _is_callback(frag: Any) -> bool:
    return hasattr(frag, "cbDefn")
