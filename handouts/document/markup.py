"""Parse the XML a handout template renders into the document model.

The vocabulary is small and closed.  Anything else, including markup a
translation might carry (``<img>``, ``<a>``, ``<font>``), is refused with the
line of the rendered template, so it can never reach ReportLab.

Block elements: ``section[id] h p ul ol li box[kind] fields field[name] lines[n]
fineprint``.
Inline elements: ``b`` (bold), ``br`` (line break), ``untranslated`` (drafts).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.parsers import expat

from ..errors import ContentError
from .model import (
    Block,
    Box,
    BulletList,
    Document,
    Field,
    Fields,
    FinePrint,
    Furniture,
    Inline,
    Paragraph,
    Run,
    Section,
    Steps,
    WriteIn,
)

INLINE_TAGS = frozenset({"b", "br", "untranslated"})
BOX_KINDS = frozenset({"urgent", "call", "note"})
_SPACE = re.compile(r"[ \t\r\n]+")  # not \s: no-break spaces must survive
FURNITURE_KEYS = ("organization", "address", "copyright", "notice", "document", "pagelabel")


class _Source:
    """The rendered text and where it came from, for error messages."""

    def __init__(self, path: Path, values: Mapping[str, str]) -> None:
        self.path = path
        self.values = values
        self.lines: dict[int, int] = {}

    def fail(self, element: ET.Element | None, message: str) -> ContentError:
        line = self.lines.get(id(element)) if element is not None else None
        return ContentError(f"{message} (in the rendered output, line {line or '?'})",
                            path=self.path, line=None)


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text))


def _inline(element: ET.Element, src: _Source, bold: bool = False,
            untranslated: bool = False) -> list[Run]:
    runs: list[Run] = []
    if element.text:
        runs.append(Run(_normalize(element.text), bold, untranslated))
    for child in element:
        if child.tag not in INLINE_TAGS:
            raise src.fail(child, f"<{child.tag}> is not allowed inside <{element.tag}>; "
                                  f"only {', '.join(sorted(INLINE_TAGS))} are")
        if child.tag == "br":
            runs.append(Run("\n", bold, untranslated))
        else:
            runs.extend(_inline(child, src, bold or child.tag == "b",
                                untranslated or child.tag == "untranslated"))
        if child.tail:
            runs.append(Run(_normalize(child.tail), bold, untranslated))
    return runs


def inline(element: ET.Element, src: _Source) -> Inline:
    """Text of an element as runs, with outer spaces trimmed and empty runs dropped."""
    runs = _inline(element, src)
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].untranslated)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].untranslated)
    return tuple(r for r in runs if r.text)


def _items(element: ET.Element, src: _Source) -> tuple[Inline, ...]:
    for child in element:
        if child.tag != "li":
            raise src.fail(child, f"<{element.tag}> may only contain <li>, not <{child.tag}>")
    return tuple(inline(li, src) for li in element)


def _fields(element: ET.Element, src: _Source) -> Fields:
    fields = []
    for child in element:
        if child.tag != "field" or not child.get("name"):
            raise src.fail(child, "<fields> may only contain <field name=\"...\">")
        name = child.get("name", "")
        fields.append(Field(name, inline(child, src), src.values.get(name, "")))
    return Fields(tuple(fields))


def _children(element: ET.Element, src: _Source, allowed: frozenset[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for child in element:
        if child.tag == "h" and element.tag in ("section", "box"):
            continue
        if child.tag not in allowed:
            raise src.fail(child, f"<{child.tag}> is not allowed inside <{element.tag}>")
        blocks.append(_BLOCKS[child.tag](child, src))
    return tuple(blocks)


def _heading(element: ET.Element, src: _Source) -> Inline:
    found = element.find("h")
    if found is None:
        raise src.fail(element, f"<{element.tag}> needs a heading <h>")
    return inline(found, src)


def _section(element: ET.Element, src: _Source) -> Section:
    allowed = frozenset({"p", "ul", "ol", "box", "fields", "lines"})
    return Section(element.get("id", ""), _heading(element, src), _children(element, src, allowed))


def _box(element: ET.Element, src: _Source) -> Box:
    kind = element.get("kind", "note")
    if kind not in BOX_KINDS:
        raise src.fail(element, f"box kind {kind!r} is not one of {', '.join(sorted(BOX_KINDS))}")
    return Box(kind, _heading(element, src), _children(element, src, frozenset({"p", "ul", "ol"})))


def _lines(element: ET.Element, src: _Source) -> WriteIn:
    try:
        count = int(element.get("n", "3"))
    except ValueError:
        raise src.fail(element, "<lines n=...> needs a whole number") from None
    return WriteIn(max(1, min(count, 20)))


_BLOCKS: dict[str, Callable[[ET.Element, _Source], Block]] = {
    "p": lambda e, s: Paragraph(inline(e, s)),
    "ul": lambda e, s: BulletList(_items(e, s)),
    "ol": lambda e, s: Steps(_items(e, s)),
    "section": _section,
    "box": _box,
    "fields": _fields,
    "lines": _lines,
}


def _furniture(root: ET.Element, src: _Source) -> Furniture:
    element = root.find("furniture")
    if element is None:
        raise src.fail(root, "the layout must render a <furniture> element")
    text = {child.tag: " ".join(r.text for r in inline(child, src)) for child in element}
    missing = [k for k in FURNITURE_KEYS if not text.get(k)]
    if missing:
        raise src.fail(element, f"<furniture> lacks {', '.join(missing)}")
    document_line = text["document"]
    if text.get("translationline"):
        document_line += " \u00b7 " + text["translationline"]
    return Furniture(text["organization"], text["address"], text["copyright"], text["notice"],
                     document_line, text["pagelabel"], text.get("status", ""),
                     text.get("draftnotice", ""), text.get("legend", ""))


def _parse_xml(xml: str, src: _Source) -> ET.Element:
    """Parse with expat directly, to record each element's line; no DOCTYPE allowed."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        src.lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    def doctype(*_: object) -> None:
        raise expat.ExpatError("a DOCTYPE is not allowed in handout markup")

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(xml, True)
        return builder.close()
    except expat.ExpatError as exc:
        line = parser.ErrorLineNumber
        lines = xml.splitlines()
        snippet = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
        raise ContentError(f"the template rendered malformed markup at rendered line {line}: "
                           f"{exc} -- near {snippet!r}", path=src.path,
                           hint="close every tag; a literal < or & must come from a "
                                "variable, which is escaped for you.") from None


def parse_document(xml: str, *, path: Path, lang: str, keywords: tuple[str, ...] = (),
                   values: Mapping[str, str] | None = None) -> Document:
    """Turn rendered handout XML into a :class:`Document`.

    ``values`` fills ``<field name=...>`` lines with what was typed at print time.
    """
    src = _Source(path, values or {})
    root = _parse_xml(xml, src)
    if root.tag != "handout":
        raise src.fail(root, f"the root element must be <handout>, not <{root.tag}>")
    body = frozenset({"section", "box", "p", "ul", "ol", "fields", "lines"})
    blocks: list[Block] = []
    for child in root:
        if child.tag in ("title", "subtitle", "furniture"):
            continue
        if child.tag == "fineprint":
            paragraphs = _children(child, src, frozenset({"p"}))
            blocks.append(FinePrint(tuple(p for p in paragraphs if isinstance(p, Paragraph))))
            continue
        if child.tag not in body:
            raise src.fail(child, f"<{child.tag}> is not allowed at the top of a handout")
        blocks.append(_BLOCKS[child.tag](child, src))
    title = root.find("title")
    subtitle = root.find("subtitle")
    return Document(
        lang=lang,
        title=inline(title, src) if title is not None else (),
        subtitle=inline(subtitle, src) if subtitle is not None else (),
        blocks=tuple(blocks),
        furniture=_furniture(root, src),
        keywords=keywords,
    )
