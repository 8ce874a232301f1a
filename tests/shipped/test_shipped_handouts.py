"""Every shipped handout in every shipped language: printed right, or refused.

Parametrized over whatever ships (``HANDOUTS_HOME`` or the repository), so
a new handout or a new language adds cases and never breaks one: a pair
whose translation is complete must print correctly in every variant; an
incomplete pair must be refused, and must still preview as a draft.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pdfplumber
import pytest
from babel.dates import format_date
from conftest import (
    PRINT_DATE,
    ROOT,
    flat,
    letters,
    page_texts,
    reading_texts,
    render,
    without_harakat,
)
from pdfcheck import find_notdef
from pypdf import PdfReader

from handouts.document import model
from handouts.document.handout import HandoutMeta, discover_handouts
from handouts.errors import IncompleteTranslationError
from handouts.i18n.catalogs import load_catalog
from handouts.i18n.locales import LocaleSettings, available_locales
from handouts.i18n.messages import completeness, source_messages
from handouts.i18n.review import handout_review
from handouts.pipeline import Rendered
from handouts.project import SOURCE_LOCALE, Project

SHIPPED = Project(ROOT)
HANDOUTS = discover_handouts(SHIPPED.templates_dir)
LOCALES = available_locales(SHIPPED.locales_dir)
PAIRS = [(h, code) for h in HANDOUTS for code in LOCALES]
NOTICE = "This translation has not yet been checked by a qualified medical translator."


def _ready(handout: str, code: str) -> bool:
    return completeness(LOCALES[code], HANDOUTS[handout], ROOT).complete


def shipped(handout: str, code: str, **kwargs: object) -> Rendered:
    return render(handout, locale=code, project_dir=ROOT, **kwargs)


@pytest.fixture(scope="module", params=PAIRS, ids=[f"{h}-{c}" for h, c in PAIRS])
def normal(request: pytest.FixtureRequest) -> tuple[HandoutMeta, LocaleSettings, Rendered]:
    handout, code = request.param
    if not _ready(handout, code):
        with pytest.raises(IncompleteTranslationError):
            shipped(handout, code)
        draft = shipped(handout, code, draft=True)  # a translator can still preview it
        assert "DRAFT" in flat(page_texts(draft.pdf)[0])
        return HANDOUTS[handout], LOCALES[code], draft
    return HANDOUTS[handout], LOCALES[code], shipped(handout, code)


def test_every_page_carries_brand_document_line_and_date(
        normal: tuple[HandoutMeta, LocaleSettings, Rendered]) -> None:
    meta, locale, result = normal
    printed = flat(format_date(PRINT_DATE, "long", locale=locale.babel)).replace(" ", "")
    pages = [flat(t) for t in reading_texts(result.pdf)]
    assert len(pages) == result.pages >= 1
    label = result.document.furniture.page_label.replace("{pages}", str(len(pages)))
    for number, page in enumerate(pages, start=1):
        assert result.document.furniture.organization in page
        assert meta.id in page and meta.version in page
        assert letters(printed) in letters(page), "the print date, month in words"
        expected = label.replace("{page}", str(number))
        assert letters(expected) in letters(page), f"page {number} lacks {expected!r}"
    assert not re.search(r"\b11/23/2026\b", " ".join(pages)), "never an all-numeric date"


def test_text_is_nfc_in_its_own_fonts_with_language_tag(
        normal: tuple[HandoutMeta, LocaleSettings, Rendered]) -> None:
    _, locale, result = normal
    assert find_notdef(result.pdf) == [], "a character printed as a blank box"
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.trailer["/Root"]["/Lang"] == locale.tag
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
    text = flat(" ".join(reading_texts(result.pdf)))
    assert unicodedata.is_normalized("NFC", without_harakat(text))
    assert flat(result.document.furniture.organization) in text


def test_translation_prints_no_english_and_says_if_unreviewed(
        normal: tuple[HandoutMeta, LocaleSettings, Rendered]) -> None:
    meta, locale, result = normal
    if locale.code == SOURCE_LOCALE:
        assert NOTICE not in flat(page_texts(result.pdf)[0])
        return
    text = flat(" ".join(reading_texts(result.pdf)))
    if _ready(meta.name, locale.code):  # a draft shows the English it lacks, highlighted
        for message in source_messages(ROOT, meta):
            catalog, _ = load_catalog(locale, message.domain)
            assert catalog is not None
            entry = catalog.get(message.id)
            translated = entry.string if entry is not None else ""
            printed_in_both = message.id == NOTICE  # by design, followed by the English
            if len(message.id) > 30 and "%" not in message.id and translated != message.id \
                    and not printed_in_both:
                assert flat(message.id) not in text, f"English printed: {message.id!r}"
    reviewed = handout_review(locale, meta, ROOT).status == "reviewed"
    for page in reading_texts(result.pdf):
        assert (letters(NOTICE) in letters(page)) is not reviewed, \
            "unreviewed says so on every page"


def _body_size(pdf: bytes, paragraph: str) -> float:
    """The size the paragraph's first letters are printed at: found, in drawing order
    (pdfplumber), forwards or, for a right-to-left line, backwards. Where the title
    begins with the same words, the place that goes on matching the paragraph longest
    is the paragraph."""
    wanted = letters(unicodedata.normalize("NFKC", paragraph))
    found: list[tuple[int, float]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            chars = [(letters(unicodedata.normalize("NFKC", c["text"])), c["size"])
                     for c in page.chars]
            chars = [(text, size) for text, size in chars if text]
            stream = "".join(text[:1] for text, _ in chars)
            for at in _occurrences(stream, wanted[:8]):
                found.append((_common(stream[at:], wanted), round(float(chars[at][1]), 1)))
            for at in _occurrences(stream, wanted[:8][::-1]):  # a right-to-left line
                end = at + 8
                found.append((_common(stream[:end][::-1], wanted),
                              round(float(chars[at][1]), 1)))
    if not found:
        raise AssertionError(f"body text not found: {paragraph[:40]!r}")
    return max(found)[1]


def _occurrences(stream: str, target: str) -> list[int]:
    places, at = [], stream.find(target)
    while at >= 0:
        places.append(at)
        at = stream.find(target, at + 1)
    return places


def _common(a: str, b: str) -> int:
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def test_large_print_is_18_pt_and_longer(
        normal: tuple[HandoutMeta, LocaleSettings, Rendered]) -> None:
    meta, locale, result = normal
    large = shipped(meta.name, locale.code, large_print=True,
                    draft=not _ready(meta.name, locale.code))
    first = next(b for b in model.walk(result.document.blocks)
                 if isinstance(b, model.Paragraph) and len(model.plain(b.content)) > 12)
    assert _body_size(result.pdf, model.plain(first.content)) <= 14
    assert _body_size(large.pdf, model.plain(first.content)) >= 18
    assert large.pages >= result.pages
    assert find_notdef(large.pdf) == []


def test_bilingual_copy_has_both_languages(
        normal: tuple[HandoutMeta, LocaleSettings, Rendered]) -> None:
    meta, locale, result = normal
    if locale.code == SOURCE_LOCALE:
        return  # English has no bilingual copy: it prints as the normal one
    both = shipped(meta.name, locale.code, bilingual=True,
                   draft=not _ready(meta.name, locale.code))
    english = shipped(meta.name, SOURCE_LOCALE)
    text = letters(" ".join(reading_texts(both.pdf)))
    assert letters(model.plain(result.document.title)) in text
    for section in english.document.sections():
        assert letters(model.plain(section.heading)) in text
    assert find_notdef(both.pdf) == []


@pytest.mark.parametrize("handout", list(HANDOUTS))
def test_english_reading_grade_is_8_or_below(handout: str) -> None:
    from handouts.library_facts import flesch_kincaid

    grade = flesch_kincaid(shipped(handout, SOURCE_LOCALE).document)
    assert grade <= 8.0, f"{handout}: Flesch-Kincaid grade {grade:.1f}; aim for 6 or below"
