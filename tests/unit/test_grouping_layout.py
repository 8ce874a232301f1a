"""What stays together on paper, how blocks pair in a bilingual copy, and text -> markup."""

from __future__ import annotations

import io

import pytest
from conftest import FIXTURE
from reportlab.lib.pagesizes import letter
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph

from handouts.document import model
from handouts.document.model import (
    Box,
    BulletList,
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
from handouts.errors import ContentError
from handouts.fonts import Family, FontChain, font_chain, read_manifest
from handouts.pdf.bilingual import lay_out_bilingual
from handouts.pdf.grouping import HEADING_KEEP_LINES, keep, pairs
from handouts.pdf.layout import UNTRANSLATED_COLOR, LayoutContext, flow, to_markup
from handouts.pdf.styles import Palette, make_styles

CHAIN = font_chain(FIXTURE / "fonts", ("NotoSans",))
STYLES = make_styles("NotoSans", 12.0, 1.4, Palette.from_hex("#204060", "#A02020"))
CTX = LayoutContext(STYLES, CHAIN, 468.0)
PATH = "templates/handouts/alpha.xml.j2"


def text(value: str) -> model.Inline:
    return (Run(value),)


def para(value: str = "x") -> Paragraph:
    return Paragraph(text(value))


def body() -> list[Spacer]:
    return [Spacer(1, 10), Spacer(1, 20)]


def test_keep_box_together() -> None:
    flowables = body()
    kept = keep(Box("urgent", text("Call 911"), ()), flowables, STYLES)
    assert len(kept) == 1 and isinstance(kept[0], KeepTogether)
    assert kept[0]._content == flowables


def test_keep_fine_print_together_under_a_rule() -> None:
    flowables = body()
    kept = keep(FinePrint((para(),)), flowables, STYLES)
    assert len(kept) == 1 and isinstance(kept[0], KeepTogether)
    rule, *rest = kept[0]._content
    assert isinstance(rule, HRFlowable) and rest == flowables


def test_keep_section_heading_with_room_below() -> None:
    flowables = body()
    kept = keep(Section("s", text("H"), ()), flowables, STYLES)
    assert isinstance(kept[0], CondPageBreak) and kept[1:] == flowables
    assert kept[0].height == pytest.approx(STYLES.leading * HEADING_KEEP_LINES)


@pytest.mark.parametrize("block", [para(), BulletList((text("a"),)), Steps((text("a"),)),
                                   Fields((Field("n", text("N")),)), WriteIn(2)],
                         ids=lambda b: type(b).__name__)
def test_keep_leaves_other_blocks_alone(block: model.Block) -> None:
    flowables = body()
    assert keep(block, flowables, STYLES) == flowables


def test_pairs_yields_translation_with_its_source() -> None:
    es = (Section("a", text("Cómo"), (para("Descanse."),)), para("Beba."))
    en = (Section("a", text("How"), (para("Rest."),)), para("Drink."))
    assert list(pairs(es, en, PATH)) == list(zip(es, en, strict=True))


@pytest.mark.parametrize("translated,source", [
    ((para(),), (BulletList((text("a"),)),)),
    ((para(), para()), (para(),)),
    ((Section("a", text("H"), (para(), para())),), (Section("a", text("H"), (para(),)),)),
    ((Box("note", text("H"), (para(),)),), (Box("note", text("H"), ()),)),
    ((FinePrint((para(),)),), (FinePrint((para(), para())),)),
], ids=["kinds", "lengths", "section-children", "box-children", "fineprint-paragraphs"])
def test_pairs_refuses_different_shapes(translated: tuple[model.Block, ...],
                                        source: tuple[model.Block, ...]) -> None:
    with pytest.raises(ContentError) as caught:
        list(pairs(translated, source, PATH))
    assert caught.value.path.as_posix() == PATH and PATH in caught.value.message


def furniture() -> Furniture:
    return Furniture("Org", "Addr", "©", "Notice", "TST-001", "Page {page} of {pages}")


def test_bilingual_copy_with_different_field_lines_is_a_content_error() -> None:
    """A layout that prints a field line in one language only is a content mistake."""
    fields_es = Fields((Field("patient_name", text("Paciente")), Field("note", text("Nota"))))
    fields_en = Fields((Field("patient_name", text("Patient")),))
    es = model.Document("es", text("T"), text("S"), (fields_es,), furniture())
    en = model.Document("en", text("T"), text("S"), (fields_en,), furniture())
    with pytest.raises(ContentError) as caught:
        lay_out_bilingual(es, en, CTX, CTX, stacked=False, language="español", path=PATH)
    assert caught.value.path.as_posix() == PATH


def printed(markup: str) -> str:
    """The text ReportLab would print for a piece of markup."""
    return "".join(frag.text for frag in RLParagraph(markup, STYLES.body).frags)


@pytest.mark.parametrize("value", ["AT&T", "a < b > c", "<b>not bold</b>",
                                   '<img src="/etc/passwd"/>', "&amp; stays", "]]> <!-- x -->",
                                   '<font name="Courier">x</font>', "<br/>"])
def test_to_markup_prints_text_literally(value: str) -> None:
    markup = to_markup((Run(value),), CHAIN)
    assert printed(markup) == value
    assert "<" not in markup.replace("&lt;", "")
    frags = RLParagraph(markup, STYLES.body).frags
    assert not any(getattr(frag, "bold", 0) for frag in frags)


def test_to_markup_bold_runs_and_line_breaks() -> None:
    markup = to_markup((Run("Rest for "), Run("two & more", bold=True), Run("\nthen")), CHAIN)
    assert markup == "Rest for <b>two &amp; more</b><br/>then"
    frags = RLParagraph(markup, STYLES.body).frags
    assert "".join(f.text for f in frags if f.bold) == "two & more"


def test_to_markup_highlights_untranslated_text() -> None:
    markup = to_markup((Run("Beba "), Run("water <now>", untranslated=True)), CHAIN)
    assert markup == f'Beba <span backColor="{UNTRANSLATED_COLOR}">water &lt;now&gt;</span>'
    highlighted = "".join(f.text for f in RLParagraph(markup, STYLES.body).frags
                          if getattr(f, "backColor", None) is not None)
    assert highlighted == "water <now>"


class ChainWithout(FontChain):
    """A chain whose first family lacks some characters, as Ethiopic fonts lack "•" and "1"."""

    def __init__(self, families: list[Family], lacking: str) -> None:
        super().__init__(families)
        first, *rest = self._maps
        self._first = first - {ord(c) for c in lacking}
        self._maps = (self._first, *rest)


def chain_lacking(lacking: str) -> FontChain:
    noto = read_manifest(FIXTURE / "fonts")["NotoSans"]
    alias = Family("UnitTestPrimary", noto.files)  # same files, registered under a new name
    return ChainWithout([alias, noto], lacking)


@pytest.mark.parametrize("block,lacking", [(BulletList((text("a"),)), "\u2022"),
                                           (Steps((text("a"),)), "1234567890.")],
                         ids=["bullets", "numbers"])
def test_list_markers_use_a_family_that_has_them(block: model.Block, lacking: str) -> None:
    chain = chain_lacking(lacking)
    ctx = LayoutContext(make_styles("UnitTestPrimary", 12.0, 1.4, STYLES.palette), chain, 468.0)
    (flowable,) = flow(block, ctx)
    assert isinstance(flowable, ListFlowable)
    assert flowable._bulletFontName == "NotoSans"
    assert flow(block, CTX)[0]._bulletFontName == "NotoSans"  # the primary, when it has them
    SimpleDocTemplate(io.BytesIO(), pagesize=letter).build([flowable])
