"""Stage 5: write the PDF: metadata, outline, page furniture, tags, atomic file output.

Output is deterministic: ReportLab's ``invariant`` mode fixes the document
ID and timestamps, so the same inputs and print date give the same bytes.
A file is written to a temporary name in the target folder and renamed
into place, so a failed run never leaves a half-written PDF.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..errors import OutputError
from .fields import FormPlan
from .flowables import HeadingKeeper
from .increment import Trailer, stream_bodies, write_file
from .objects import formatted_objects, with_entries
from .pages import PageFurniture
from .structure import Objects, structure_objects
from .tagging import Marker, Node
from .tounicode import fixed_cmap


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    lang: str
    keywords: tuple[str, ...]
    initial_font: str


class HandoutDocTemplate(BaseDocTemplate):
    """Adds an outline (bookmark) entry for every section heading."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        title = getattr(flowable, "outline_title", None)  # Heading or OutlineMarker
        if title:
            key = flowable.outline_key or title
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0, closed=False)
        for inner in getattr(flowable, "drawn_whole", ()):  # a group drawn as one unit
            self.afterFlowable(inner)


@dataclass(frozen=True)
class Written:
    pdf: bytes
    pages: int
    form: FormPlan = FormPlan()  # where personal details go (stamp.py)


def write_pdf(story: list[Flowable], furniture: PageFurniture, info: PdfInfo) -> Written:
    """Lay the story out on pages and return the PDF."""
    rl_config.useA85 = 0  # binary streams: smaller files, and no slow ASCII85 pass
    tagged = furniture.structure is not None
    page_w, page_h = furniture.pagesize
    top, bottom, margin = furniture.top_margin, furniture.bottom_margin, furniture.margin_x
    doc = HandoutDocTemplate(
        io.BytesIO(), pagesize=furniture.pagesize, title=info.title, author=info.author,
        subject=info.subject, keywords=list(info.keywords), creator="handouts",
        producer="handouts (ReportLab)", invariant=1, initialFontName=info.initial_font,
        leftMargin=margin, rightMargin=margin, topMargin=top, bottomMargin=bottom,
        lang=None if tagged else info.lang,  # tagged: with the tree (structure.py)
        displayDocTitle=None if tagged else 1,
        keepTogetherClass=HeadingKeeper,  # a heading keeps with the first lines that follow
    )
    frame = Frame(margin, bottom, page_w - 2 * margin, page_h - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(furniture))  # pages shown, not saved
    canvas = doc.canv
    pdf, numbers = _finish(canvas, furniture.structure, info)
    marker = canvas.marker
    form = FormPlan(tuple(replace(slot, element=numbers.get(id(node), 0))
                          for slot, node in canvas.slots),
                    tuple(sorted(marker.next_mcid.items())) if marker else ())
    return Written(pdf, doc.page, form)


def _finish(canvas: Canvas, structure: Node | None, info: PdfInfo) -> tuple[bytes, dict[int, int]]:
    """The file: ReportLab's objects (objects.py) with what ReportLab cannot write, the
    structure tree (``structure`` is None only for the benchmark's untagged
    reference) and the shaped glyphs' text, written compactly (increment.py);
    and the elements' object numbers by ``id()`` of their nodes.  Deterministic."""
    found = formatted_objects(canvas._doc, canvas)
    bodies = found.bodies
    size = max((*bodies, *found.cmaps)) + 1
    objects = Objects(next=size)
    for number, (font, cmap) in found.cmaps.items():  # every font's, shaped or not
        objects.streams[number] = (b"<< >>", fixed_cmap(font, cmap).encode("latin-1"))
    numbers: dict[int, int] = {}
    if structure is not None:
        numbers, entries = structure_objects(found.pages, structure, info.title, info.lang,
                                             objects)
        bodies[found.catalog] = with_entries(bodies[found.catalog], entries.catalog)
        for number, added in zip(found.pages, entries.pages, strict=True):
            bodies[number] = with_entries(bodies[number], added)
    whole = {n: body for n, body in bodies.items() if found.is_stream(n)}
    plain = {n: body.strip() for n, body in bodies.items() if n not in whole}
    plain.update(objects.plain)
    whole.update(stream_bodies(objects.streams, {}))
    trailer = Trailer(size, {"/Root": f"{found.catalog} 0 R", "/Info": f"{found.info} 0 R",
                             "/ID": found.file_id.decode("latin-1")})
    return write_file(trailer, plain, whole), numbers


#: Longest file name most file systems take (ext4, XFS, NTFS, APFS), in bytes.
NAME_MAX = 255


def check_output(output: Path) -> None:
    """Refuse an output that is not, or would not be, a plain file: a folder, a device
    such as /dev/null or a printer port, a FIFO or socket (the rename would replace it
    with a regular file), or a name longer than a file system takes."""
    size = len(output.name.encode("utf-8", "surrogateescape"))
    if size > NAME_MAX - 16:  # room for the temporary file's ".NAME.xxxxxxxx.part"
        raise OutputError(_short(output),
                          f"the file name is {size} bytes long; the limit is "
                          f"{NAME_MAX - 16}. Choose a shorter name")
    try:
        mode = output.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(_short(output), f"cannot use this path ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise OutputError(output, "this is a folder; give a file name ending in .pdf")
    if not stat.S_ISREG(mode):
        kind = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket")
        raise OutputError(output, f"this is {kind}, not a file; it was left as it is. "
                                  "Give a file name ending in .pdf")


def _short(path: Path) -> Path:
    """A path cut to about 100 characters for a message (a mistake may be kilobytes long)."""
    text = str(path)
    return path if len(text) <= 100 else Path(text[:45] + "..." + text[-50:])


def write_atomically(data: bytes, output: Path) -> None:
    """Write data to output via a temporary file in the same folder and a rename."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(output, f"cannot create the folder {folder}: {exc.strerror}") from None
    check_output(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(output, f"the folder is not writable ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(output, f"writing failed ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def numbered_canvas(furniture: PageFurniture) -> type[Canvas]:
    """A canvas class that paints the furniture once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.marker = Marker() if furniture.structure is not None else None  # tagging.py
            self.slots: list[Any] = []  # where fields wait for values (fields.FieldSlot)

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                body: list[Any] = self.__dict__["_code"]  # the page's content so far
                self.__dict__["_code"] = []
                furniture.paint_header(self, self._pageNumber, total)
                body[:0] = self.__dict__["_code"]  # in reading order: the header, the body
                self.__dict__["_code"] = body
                furniture.paint_footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            # not Canvas.save: write.py formats the objects and writes the file itself

    return NumberedCanvas
