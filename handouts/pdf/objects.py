"""ReportLab's document as numbered PDF objects, formatted but not yet a file.

ReportLab formats each object of a document and writes a classic file around
them: dictionaries as plain text and a cross-reference table.  Here the same
formatting pass runs (the first half of ReportLab's ``PDFDocument.GetPDFData``
and its ``format`` loop) and the objects come back by number, so that
``write.py`` can add the structure tree and the text layer's fixes, and
``increment.py`` can write the file compactly.  Nothing is parsed again:
opening ReportLab's file in pikepdf to do this cost a sixth of a render and
pikepdf's import a tenth of every command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFImageXObject
from reportlab.pdfbase.pdfdoc import format as pdf_format

from .images import indexed_body

#: ReportLab's name for a TrueType subset's ToUnicode map: this, then the subset's name.
CMAP_PREFIX = "toUnicodeCMap:"


@dataclass
class Formatted:
    """A document's objects: each one's body (what goes between ``N 0 obj`` and
    ``endobj``) by number, and what the trailer and the structure tree need."""

    bodies: dict[int, bytes]
    catalog: int
    info: int
    pages: list[int]  # the page objects, in order
    file_id: bytes  # the trailer's /ID array
    cmaps: dict[int, tuple[str, str]] = field(default_factory=dict)  # number -> (font, map)

    def is_stream(self, number: int) -> bool:
        return self.bodies[number].rstrip().endswith(b"endstream")


def formatted_objects(doc: PDFDocument, canvas: Any) -> Formatted:
    """Every object of doc (its pages all shown, not yet saved), formatted as ReportLab
    would; the subsets' ToUnicode maps are left out, as (font, map) text in
    ``cmaps``, for ``tounicode`` to rewrite."""
    _prepare(doc, canvas)
    numbers = doc.numberToId
    bodies: dict[int, bytes] = {}
    cmaps: dict[int, tuple[str, str]] = {}
    counter = 1
    while counter in numbers:  # formatting may register objects: ReportLab's own loop
        name = numbers[counter]
        obj = doc.idToObject[name]
        if name.startswith(CMAP_PREFIX):
            cmaps[counter] = (name[len(CMAP_PREFIX):], obj.content)
        else:
            image = indexed_body(obj) if isinstance(obj, PDFImageXObject) else None
            bodies[counter] = image or pdf_format(obj, doc, toplevel=1)
        counter += 1

    def number(obj: Any) -> int:
        return int(doc.idToObjectNumberAndVersion[obj.__InternalName__][0])

    file_id = doc.ID().split(b"%")[0].strip()  # ReportLab adds a comment after it
    return Formatted(bodies, number(doc.Catalog), number(doc.info),
                     [number(page) for page in doc.Pages.pages], file_id, cmaps)


def _prepare(doc: PDFDocument, canvas: Any) -> None:
    """What ReportLab does before formatting: the font subsets made, the document
    signed (its ID), the catalog, info and outline registered."""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    if doc.encrypt.info() is not None:  # ReportLab's own save encrypts; this does not
        raise NotImplementedError("an encrypted document cannot be written here")


def with_entries(body: bytes, entries: dict[str, str]) -> bytes:
    """A formatted dictionary with entries (values as PDF syntax) added at its end."""
    head = body.rstrip()
    if not head.endswith(b">>"):
        raise ValueError(f"not a dictionary: {body[:40]!r}")
    for key in entries:
        if key.encode() + b" " in head:
            raise ValueError(f"{key} is set already")
    added = " ".join(f"{key} {value}" for key, value in entries.items())
    return head[:-2].rstrip() + b" " + added.encode("latin-1") + b" >>"
