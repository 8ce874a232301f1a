"""pdf/tagging.py on its own: marked content, the tree it builds, split paragraphs."""

from __future__ import annotations

import io

import pikepdf
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from handouts.pdf.flowables import TextParagraph
from handouts.pdf.increment import append_update, rewritten
from handouts.pdf.structure import Objects, structure_objects
from handouts.pdf.tagging import (
    Mark,
    Marker,
    Node,
    actual_text,
    artifact,
    artifact_table,
    mark,
)


def _canvas() -> tuple[Canvas, io.BytesIO]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.marker = Marker()
    return canvas, buffer


def tagged(pdf: bytes, root: Node, lang: str) -> pikepdf.Pdf:
    """The PDF with its structure tree appended as an incremental update (write.py adds
    the same objects to a new file), opened again."""
    document = pikepdf.open(io.BytesIO(pdf))
    objects = Objects(next=int(document.trailer.Size))
    pages = [page.obj for page in document.pages]
    _, entries = structure_objects([page.objgen[0] for page in pages], root, "Title", lang,
                                   objects)
    objects.plain[document.Root.objgen[0]] = rewritten(document.Root, entries.catalog)
    for page, added in zip(pages, entries.pages, strict=True):
        objects.plain[page.objgen[0]] = rewritten(page, added)
    return pikepdf.open(io.BytesIO(append_update(pdf, document.trailer, objects.plain,
                                                 objects.streams)))


def test_marks_are_numbered_per_page_and_kept_in_the_node() -> None:
    canvas, _ = _canvas()
    root = Node("Document")
    first, second = root.add("P"), root.add("P")
    with mark(canvas, first):
        canvas.drawString(10, 10, "a")
    with mark(canvas, second):
        canvas.drawString(10, 20, "b")
    canvas.showPage()
    with mark(canvas, first):  # the paragraph goes on on page 2
        canvas.drawString(10, 10, "c")
    assert first.kids == [Mark(0, 0), Mark(1, 0)] and second.kids == [Mark(0, 1)]


def test_actual_text_is_a_span_of_its_own_between_the_parts_of_its_element() -> None:
    canvas, buffer = _canvas()
    root = Node("Document")
    paragraph = root.add("P")
    with mark(canvas, paragraph):
        canvas.drawString(10, 10, "ab")
        with actual_text(canvas, "कि"):
            canvas.drawString(30, 10, "x")
        canvas.drawString(50, 10, "cd")
    with artifact(canvas), actual_text(canvas, "ignored"):  # an artifact is not read: no span
        canvas.drawString(10, 40, "rule")
    canvas.showPage()
    canvas.save()
    span = paragraph.kids[1]
    assert isinstance(span, Node) and span.role == "Span"
    assert paragraph.kids == [Mark(0, 0), span, Mark(0, 2)] and span.kids == [Mark(0, 1)]
    document = tagged(buffer.getvalue(), root, "hi")
    ops = [str(op) for _, op in pikepdf.parse_content_stream(document.pages[0])]
    assert ops.count("BDC") + ops.count("BMC") == 4 == ops.count("EMC")  # P, Span, P, Artifact
    tree = document.Root.StructTreeRoot
    owners = tree.ParentTree.Nums[1]
    assert [str(e.S) for e in owners] == ["/P", "/Span", "/P"]
    assert document.pages[0].obj.StructParents == 0 and str(document.Root.Lang) == "hi"


def test_a_node_with_nothing_drawn_is_left_out_of_the_tree() -> None:
    canvas, buffer = _canvas()
    root = Node("Document")
    root.add("P")  # an empty cell: never drawn
    drawn = root.add("H1")
    with mark(canvas, drawn):
        canvas.drawString(10, 10, "Title")
    canvas.showPage()
    canvas.save()
    document = tagged(buffer.getvalue(), root, "en")
    top = document.Root.StructTreeRoot.K
    assert str(top.S) == "/Document" and str(top.K.S) == "/H1"


def test_both_halves_of_a_split_paragraph_keep_its_element() -> None:
    node = Node("P")
    paragraph = TextParagraph("word " * 300, getSampleStyleSheet()["BodyText"])
    paragraph.tag = node
    parts = paragraph.split(300, 100)
    assert len(parts) == 2 and all(part.tag is node for part in parts)


def test_a_paragraph_in_a_splitting_table_cell_never_crashes_the_render() -> None:
    """A cell paragraph last wrapped narrower (a stale, taller height) fits whole at the
    cell's width when the table splits: ReportLab's cell split then needs "no split"
    ([]), not [self], or it raises IndexError (seen in Arabic bilingual kyphoplasty)."""
    from reportlab.platypus import SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    text = "Words that wrap over several lines when the column is narrow. " * 3
    cell = [TextParagraph(text, style) for _ in range(6)]
    for paragraph in cell:
        paragraph.tag = Node("P")
    width, height = cell[0].wrap(400, 1000)
    assert cell[0].split(width, height + 20) == [], "fits whole: nothing to split"
    for paragraph in cell:
        paragraph.wrap(60, 1000)  # as an earlier layout pass might have
    table = Table([[cell]], colWidths=[400], splitInRow=1)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=(500, 260)).build([table])
    assert buffer.getvalue().startswith(b"%PDF")


def _table_content(rtl: bool) -> bytes:
    canvas, _ = _canvas()
    root = Node("Document")
    style = getSampleStyleSheet()["BodyText"]
    cells = []
    for text in ("Left", "Right"):
        cell = TextParagraph(text, style)
        cell.tag = root.add("P")
        cells.append(cell)
    table = artifact_table(Table([cells], colWidths=[100, 100]), rtl=rtl)
    table.wrapOn(canvas, 200, 100)
    table.drawOn(canvas, 10, 700)
    return b"\n".join(op.encode("latin-1") if isinstance(op, str) else op
                      for op in canvas._code)


def test_a_right_to_left_row_is_written_right_cell_first_and_looks_the_same() -> None:
    left_to_right, right_to_left = _table_content(False), _table_content(True)
    assert left_to_right.index(b"(Left)") < left_to_right.index(b"(Right)")
    assert right_to_left.index(b"(Right)") < right_to_left.index(b"(Left)"), "read first"
    assert sorted(left_to_right.split(b"\n")) == sorted(right_to_left.split(b"\n")), \
        "the same drawing, in another order"


def test_an_artifact_that_draws_nothing_is_left_out() -> None:
    canvas, _ = _canvas()
    with artifact(canvas):
        pass
    with artifact(canvas):
        canvas.line(0, 0, 10, 10)
    code = "\n".join(canvas._code)
    assert code.count("/Artifact BMC") == 1 and code.count("EMC") == 1
