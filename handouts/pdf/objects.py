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

import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFImageXObject
from reportlab.pdfbase.pdfdoc import format as pdf_format

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
            image = _indexed_body(obj) if isinstance(obj, PDFImageXObject) else None
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


def _indexed_body(image: PDFImageXObject) -> bytes | None:
    """An 8-bit RGB image of 256 colours or fewer (a logo) as an indexed image: a
    palette and a byte a pixel, not three, where that is smaller; None for any
    other image, which ReportLab writes as it is."""
    if (image.colorSpace != "DeviceRGB" or image.bitsPerComponent != 8 or image.mask
            or getattr(image, "smask", None) or getattr(image, "_decode", None)
            or tuple(image._filters) != ("FlateDecode",)):
        return None
    found = indexed(image.streamContent, image.width, image.height)
    if found is None:
        return None
    palette, data = found
    lookup = _literal(palette)
    if len(lookup) + len(data) >= len(image.streamContent):
        return None
    head = (f"<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
            f"/BitsPerComponent 8 /ColorSpace [/Indexed /DeviceRGB {len(palette) // 3 - 1} ")
    tail = f"] /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
    return head.encode() + lookup + tail.encode() + data + b"\nendstream"


def _literal(data: bytes) -> bytes:
    """Bytes as a PDF literal string: half the size of a hex string for a palette.  A
    bare carriage return would be read as a line feed, so it is escaped too."""
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped.replace(b"\r", b"\\r") + b")"


@lru_cache(maxsize=8)
def indexed(data: bytes, width: int, height: int) -> tuple[bytes, bytes] | None:
    """RGB pixels (zlib-compressed, as ReportLab keeps them) as (palette, compressed
    indices) when they have 256 colours or fewer and map to them exactly; once per
    process, since the logo does not change.  The GW wordmark's 255 colours: 13.7 KB
    as RGB at zlib's best (14 ms), 9.5 KB indexed with its palette (9 ms)."""
    from PIL import Image  # ReportLab has imported it already, to read the logo

    pixels = Image.frombytes("RGB", (width, height), zlib.decompress(data))
    if pixels.getcolors(256) is None:
        return None
    indexed = pixels.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
    if indexed.convert("RGB").tobytes() != pixels.tobytes():  # never an approximation
        return None
    indices = indexed.tobytes()
    palette = bytes(indexed.getpalette() or [])[:3 * (max(indices) + 1)]
    # zlib's default level: 8.7 KB in 1 ms; its best is 8.0 KB in 15 ms, which every
    # command-line render would pay (the web server pays it once)
    return palette, zlib.compress(indices)
