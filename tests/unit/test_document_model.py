"""The document model: traversal helpers, and every block kind handled by every stage."""

from __future__ import annotations

import io
import typing
from collections.abc import Callable

import pytest
from conftest import FIXTURE
from reportlab.lib.pagesizes import letter
from reportlab.platypus import SimpleDocTemplate, Spacer

from handouts.document import model
from handouts.document.model import (
    Box,
    BulletList,
    Document,
    Field,
    Fields,
    FinePrint,
    Furniture,
    Paragraph,
    Run,
    Section,
    Steps,
    WriteIn,
)
from handouts.fonts import font_chain
from handouts.library_facts import reading_text
from handouts.pdf import grouping
from handouts.pdf.bilingual import lay_out_bilingual
from handouts.pdf.layout import LayoutContext, flow
from handouts.pdf.styles import Palette, make_styles

FURNITURE = Furniture("Riverside Test Clinic", "1 Example Road", "© 2020", "Notice",
                      "TST-001", "Page {page} of {pages}")


def text(value: str, bold: bool = False) -> model.Inline:
    return (Run(value, bold),)


def document(*blocks: model.Block) -> Document:
    return Document("en", text("Resting"), text("At home"), blocks, FURNITURE)


def layout_context() -> LayoutContext:
    """As pipeline._layout_context builds it, for the fixture's one font family."""
    chain = font_chain(FIXTURE / "fonts", ("NotoSans",))
    styles = make_styles(chain.primary.name, 12.0, 1.4, Palette.from_hex("#204060", "#A02020"))
    return LayoutContext(styles, chain, 468.0, lambda: chain)


#: One sample of every kind of block: a new kind without a sample fails the coverage test.
SAMPLES: dict[type, Callable[[], model.Block]] = {
    Paragraph: lambda: Paragraph((Run("Rest "), Run("two days", bold=True))),
    BulletList: lambda: BulletList((text("Drink water."), text("Sleep well."))),
    Steps: lambda: Steps((text("Take off the bandage."), text("Wash the skin."))),
    Fields: lambda: Fields((Field("patient_name", text("Patient"), "Ana"),
                            Field("note", text("Note")))),
    WriteIn: lambda: WriteIn(2),
    Box: lambda: Box("urgent", text("Call 911 if you have:"),
                     (BulletList((text("Chest pain."),)),)),
    Section: lambda: Section("rest", text("How to rest"), (Paragraph(text("Rest.")),)),
    FinePrint: lambda: FinePrint((Paragraph(text("General information.")),)),
}
KINDS = sorted(typing.get_args(model.Block), key=lambda kind: kind.__name__)


def test_samples_cover_every_block_kind() -> None:
    assert set(SAMPLES) == set(typing.get_args(model.Block))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_every_stage_handles_every_kind(kind: type) -> None:
    block = SAMPLES[kind]()
    assert isinstance(block, kind)
    children = model.children(block)
    assert all(isinstance(child, typing.get_args(model.Block)) for child in children)
    ctx = layout_context()
    flowables = flow(block, ctx)
    assert flowables, "every block prints something"
    SimpleDocTemplate(io.BytesIO(), pagesize=letter).build(flowables)  # draws without error
    assert grouping.keep(block, [Spacer(1, 1)], ctx.styles)
    for stacked in (False, True):  # the bilingual layout, side by side and stacked
        story = lay_out_bilingual(document(block), document(block), ctx, ctx, stacked=stacked,
                                  language="español", path="unit.xml.j2")
        SimpleDocTemplate(io.BytesIO(), pagesize=letter).build(story)
    reading = reading_text(document(block))
    assert reading.startswith("Resting\nAt home")


def test_children() -> None:
    inner = Paragraph(text("Now."))
    box = Box("call", text("Call"), (inner,))
    section = Section("s", text("S"), (box,))
    fine = FinePrint((inner, inner))
    assert model.children(section) == (box,)
    assert model.children(box) == (inner,)
    assert model.children(fine) == (inner, inner)
    for leaf in (Paragraph(text("x")), BulletList(()), Steps(()), Fields(()), WriteIn(1)):
        assert model.children(leaf) == ()


def test_walk_is_depth_first_in_reading_order() -> None:
    p1, p2, p3, p4 = (Paragraph(text(f"p{i}")) for i in range(1, 5))
    box = Box("note", text("Box"), (p2,))
    first = Section("a", text("A"), (p1, box, p3))
    fine = FinePrint((p4,))
    steps = Steps((text("one"),))
    assert list(model.walk((first, steps, fine))) == [first, p1, box, p2, p3, steps, fine, p4]
    assert list(model.walk(())) == []


def test_plain_joins_runs_without_styling() -> None:
    inline = (Run("Rest for "), Run("two days", bold=True), Run("\n"),
              Run("then walk", untranslated=True))
    assert model.plain(inline) == "Rest for two days\nthen walk"
    assert model.plain(()) == ""


def test_sections_yields_only_top_level_sections_in_order() -> None:
    nested = Section("inner", text("Inner"), ())
    first = Section("a", text("A"), ())
    second = Section("b", text("B"), (Box("note", text("N"), ()), nested))
    doc = document(Paragraph(text("x")), first, Box("urgent", text("U"), (nested,)), second)
    assert list(doc.sections()) == [first, second]


def test_reading_text_keeps_care_text_and_leaves_out_fine_print_and_labels() -> None:
    doc = document(
        Section("a", text("How to rest"), (Paragraph(text("Rest two days.")),
                                          Fields((Field("note", text("Note label")),)))),
        Box("urgent", text("Call 911"), (BulletList((text("Chest pain."),)),)),
        Steps((text("Wash the skin."),)),
        WriteIn(3),
        FinePrint((Paragraph(text("Legal disclaimer.")),)),
    )
    assert reading_text(doc).splitlines() == [
        "Resting", "At home", "How to rest.", "Rest two days.", "Call 911.", "Chest pain.",
        "Wash the skin."]
