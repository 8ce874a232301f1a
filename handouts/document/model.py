"""The small, typed document model that templates render into.

It knows nothing of ReportLab: text is plain Unicode in :class:`Run` objects
(bold or not), so escaping happens once, in the layout stage, and a
translation can never smuggle markup into the PDF.  Two renders of the same
template in two languages give models of the same shape, which is what the
bilingual layout pairs block by block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import assert_never


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    untranslated: bool = False  # a draft render marks source text shown instead


Inline = tuple[Run, ...]


def plain(inline: Inline) -> str:
    """The text of an inline sequence without styling."""
    return "".join(run.text for run in inline)


@dataclass(frozen=True)
class Paragraph:
    content: Inline


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Steps:
    """A numbered list: things that happen in order."""

    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Field:
    """A fill-in line: a label, and the value typed at print time (or blank)."""

    name: str
    label: Inline
    value: str = ""


@dataclass(frozen=True)
class Fields:
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class WriteIn:
    """Blank ruled lines for the patient's own notes or questions."""

    lines: int


@dataclass(frozen=True)
class Box:
    """A framed block that must stand out: "urgent" (call 911) or "call"/"note"."""

    kind: str
    heading: Inline
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Section:
    id: str
    heading: Inline
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FinePrint:
    """The legal text printed once, at the end: disclaimer and ownership, kept together."""

    paragraphs: tuple[Paragraph, ...]


#: Every kind of block. Each stage dispatches with ``match`` and ends in
#: ``assert_never``, so a new kind fails ``mypy`` until every stage handles it.
Block = Paragraph | BulletList | Steps | Fields | WriteIn | Box | Section | FinePrint


@dataclass(frozen=True)
class Furniture:
    """What every page carries, in the header and footer."""

    organization: str
    address: str
    copyright: str
    notice: str
    document_line: str  # "SPN-001 · Version 1.0 · Clinical review: ... · Printed: ..."
    page_label: str  # "Page {page} of {pages}"
    status: str = ""  # "Pending clinical review" etc.; empty when there is nothing to say
    draft_notice: str = ""  # an unreviewed translation says so on every page
    legend: str = ""  # a draft preview: how many sentences are still in English


@dataclass(frozen=True)
class Document:
    lang: str
    title: Inline
    subtitle: Inline
    blocks: tuple[Block, ...]
    furniture: Furniture
    keywords: tuple[str, ...] = field(default=())

    def sections(self) -> Iterator[Section]:
        for block in self.blocks:
            if isinstance(block, Section):
                yield block


def children(block: Block) -> tuple[Block, ...]:
    """The blocks directly inside a block (a section's or a box's content)."""
    match block:
        case Section() | Box():
            return block.blocks
        case FinePrint():
            return block.paragraphs
        case Paragraph() | BulletList() | Steps() | Fields() | WriteIn():
            return ()
        case _:
            assert_never(block)


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, in reading order."""
    for block in blocks:
        yield block
        yield from walk(children(block))
