"""What a reader of the English vertebroplasty PDF sees, read back from the file."""

from __future__ import annotations

import io

from conftest import PRINT_DATE, flat, page_texts, render
from pypdf import PdfReader

from handouts.pipeline import Rendered


def test_every_page_carries_the_brand_and_document_line(english: Rendered) -> None:
    pages = page_texts(english.pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        text = flat(text)
        assert "The George Washington University Hospital" in text
        assert "900 23rd Street, NW, Washington, DC 20037" in text
        assert "© 2015 The George Washington University Hospital. All rights reserved." in text
        assert "For non-commercial use only." in text
        assert "SPN-001 · Version 1.0 · Clinical review: pending" in text
        assert "Printed: November 23, 2026" in text
        assert f"Page {number} of {len(pages)}" in text


def test_disclaimer_and_ownership_print_once(english: Rendered) -> None:
    text = flat(" ".join(page_texts(english.pdf)))
    assert text.count("This handout gives general health information.") == 1
    assert text.count("owned and operated by a subsidiary of Universal Health Services") == 1


def test_handout_content_and_pending_review_banner(english: Rendered) -> None:
    pages = [flat(t) for t in page_texts(english.pdf)]
    assert "Vertebroplasty" in pages[0]
    assert "Pending clinical review" in pages[0]
    whole = " ".join(pages)
    for heading in ("What is a compression fracture?", "Who should not have it?",
                    "What happens during the procedure", "What are the risks?",
                    "After the procedure", "When to get help", "Call 911 right away",
                    "Questions to ask your care team"):
        assert heading in whole
    assert "100.4 °F (38 °C)" in whole
    # CMS leftovers from the source web page never print.
    assert "Sidebar" not in whole and "This Web site" not in whole


def test_all_fonts_are_embedded_and_bold_is_real(english: Rendered) -> None:
    reader = PdfReader(io.BytesIO(english.pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    assert any(name.endswith("NotoSans-Bold") for name in fonts), "headings must use the bold face"


def test_metadata_and_outline(english: Rendered) -> None:
    reader = PdfReader(io.BytesIO(english.pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == "Vertebroplasty (SPN-001)"
    assert info.author == "The George Washington University Hospital"
    assert info.subject == "A treatment for a broken bone in the spine"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert "What is a compression fracture?" in titles
    assert "Questions to ask your care team" in titles
    assert len(titles) == len(list(english.document.sections()))


def test_same_inputs_and_date_give_identical_bytes(english: Rendered) -> None:
    again = render(locale="en")
    assert again.pdf == english.pdf
    later = render(locale="en", print_date=PRINT_DATE.replace(day=24))
    assert later.pdf != english.pdf


def test_page_count_is_stable(english: Rendered) -> None:
    assert english.pages == len(page_texts(english.pdf)) == 3


def test_letter_by_default_a4_on_request(english: Rendered) -> None:
    box = PdfReader(io.BytesIO(english.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = render(locale="en", paper="a4")
    box = PdfReader(io.BytesIO(a4.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_concurrent_renders_in_threads_give_identical_pdfs() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from handouts.pdf.pages import logo_image
    logo_image.cache_clear()  # make the threads race to decode the logo
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda code: render(locale=code).pdf,
                                ["en", "es", "en", "es", "en", "es"]))
    assert results[0] == results[2] == results[4]
    assert results[1] == results[3] == results[5]
