"""Every shipped locale prints a complete handout in its own script (run once per locale)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from babel.dates import format_date
from conftest import PRINT_DATE, ROOT, flat, page_texts, render
from pdfcheck import find_notdef
from pypdf import PdfReader

from handouts.errors import UnknownLocaleError
from handouts.i18n.locales import available_locales, negotiate

LOCALES = available_locales(ROOT / "locales")
TRANSLATED = [code for code in LOCALES if code != "en"]
# A phrase each translation must print, and the script its letters belong to.
SCRIPT = {"am": r"[\u1200-\u137f]", "ko": r"[\uac00-\ud7af]", "zh_Hans": r"[\u4e00-\u9fff]",
          "zh_Hant": r"[\u4e00-\u9fff]",
          "vi": r"[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
          "es": r"[áéíóúñ¿¡]", "fr": r"[àâçéèêëîïôûùœ]"}
TITLE = {"es": "Vertebroplastia", "fr": "Vertébroplastie", "zh_Hans": "椎体成形术",
         "zh_Hant": "椎體成形術", "ko": "척추성형술", "vi": "tạo hình đốt sống", "am": "ቨርቴብሮፕላስቲ"}


@pytest.fixture(scope="module", params=TRANSLATED)
def rendered(request: pytest.FixtureRequest) -> tuple[str, object]:
    return request.param, render(locale=request.param)


def test_shipped_locales_are_the_dc_languages() -> None:
    assert set(TRANSLATED) == {"es", "fr", "vi", "ko", "am", "zh_Hans", "zh_Hant"}


def test_locale_prints_in_its_own_script(rendered: tuple[str, object]) -> None:
    code, result = rendered
    text = flat(" ".join(page_texts(result.pdf)))  # type: ignore[attr-defined]
    assert unicodedata.is_normalized("NFC", text)
    assert TITLE[code].lower() in text.lower()
    own = len(re.findall(SCRIPT[code], text.lower()))
    assert own > 100, f"only {own} characters of the {code} script"
    assert "What is a compression fracture?" not in text, "no English body text"
    assert "911" in text and "100" in text, "digits survive in every script"
    assert "The George Washington University Hospital" in text  # proper names stay


def test_locale_has_no_notdef_and_embeds_every_font(rendered: tuple[str, object]) -> None:
    code, result = rendered
    assert find_notdef(result.pdf) == []  # type: ignore[attr-defined]
    reader = PdfReader(io.BytesIO(result.pdf))  # type: ignore[attr-defined]
    assert reader.trailer["/Root"]["/Lang"] == code.replace("_", "-")
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()


def test_dates_and_draft_notice_on_every_page(rendered: tuple[str, object]) -> None:
    code, result = rendered
    printed = format_date(PRINT_DATE, "long", locale=LOCALES[code].babel)
    for page in page_texts(result.pdf):  # type: ignore[attr-defined]
        page = flat(page)
        assert flat(printed) in page or flat(printed).replace(" ", "") in page.replace(" ", "")
        assert "This translation has not yet been checked by a qualified medical translator." \
            in page
    assert not re.search(r"\b11/23/2026\b", " ".join(page_texts(result.pdf)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("request_tag,expected", [
    ("zh-TW", "zh_Hant"), ("zh_TW", "zh_Hant"), ("zh-HK", "zh_Hant"), ("zh_CN", "zh_Hans"),
    ("zh", "zh_Hans"), ("zh-Hant", "zh_Hant"), ("es-MX", "es"), ("es_US", "es"),
    ("fr-CA", "fr"), ("ko-KR", "ko"), ("vi_VN", "vi"), ("am-ET", "am"), ("en-US", "en"),
])
def test_negotiation(request_tag: str, expected: str) -> None:
    assert negotiate(request_tag, LOCALES).code == expected


def test_unknown_request_is_refused() -> None:
    with pytest.raises(UnknownLocaleError):
        negotiate("de-DE", LOCALES)


def test_language_names_in_their_own_script() -> None:
    assert LOCALES["es"].native_name == "español"
    assert LOCALES["zh_Hant"].native_name == "中文（繁體）"
    assert LOCALES["zh_Hans"].native_name == "中文（简体）"
    assert LOCALES["am"].native_name == "አማርኛ"
    assert LOCALES["am"].english_name == "Amharic"


def test_bilingual_pairs_every_block(rendered: tuple[str, object]) -> None:
    code, _ = rendered
    result = render(locale=code, bilingual=True)
    text = flat(" ".join(page_texts(result.pdf)))
    assert TITLE[code].lower() in text.lower()
    for english in ("What is a compression fracture?", "Call 911 right away if you have:",
                    "Questions to ask your care team"):
        assert english in text
    assert find_notdef(result.pdf) == []


def test_large_print_bilingual_is_stacked_and_large() -> None:
    result = render(locale="es", bilingual=True, large_print=True)
    reader = PdfReader(io.BytesIO(result.pdf))
    sizes: list[float] = []

    def visitor(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * tm[0])
    reader.pages[1].extract_text(visitor_text=visitor)
    body = max(set(sizes), key=sizes.count)
    assert body >= 18


def _dominant_size(pdf: bytes, page: int = 1) -> float:
    sizes: list[float] = []

    def visitor(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        sizes.extend([round(size * tm[0], 1)] * len(text.strip()))
    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visitor)
    return max(set(sizes), key=sizes.count)


def test_large_print_in_every_locale(rendered: tuple[str, object]) -> None:
    code, normal = rendered
    large = render(locale=code, large_print=True)
    assert _dominant_size(normal.pdf) <= 14  # type: ignore[attr-defined]
    assert _dominant_size(large.pdf) >= 18
    assert find_notdef(large.pdf) == []
    assert large.pages > normal.pages  # type: ignore[attr-defined]
