"""Arabic and Hindi print right, checked by tools we did not write.

Arabic letters join and its lines run right to left; Hindi puts the vowel
sign ि before its consonant and joins conjuncts.  The glyphs on the page are
compared with HarfBuzz run directly on the same font file (uharfbuzz), the
text is read back with poppler's pdftotext, and positions with pdfplumber.
"""

from __future__ import annotations

import functools
import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import uharfbuzz as hb
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURE, flat, page_texts, po_path, reading_texts, render, without_harakat
from fontTools.ttLib import TTFont

from handouts.commands.cli import main
from handouts.options import Personal

FONTS = FIXTURE / "fonts"
def pdftotext(pdf: bytes) -> str:
    """poppler's text of every page (conftest.reading_texts: joined forms as letters,
    no direction marks)."""
    return "\n".join(reading_texts(pdf))


def translations(project: Path, code: str) -> dict[str, str]:
    """Every translation of the language, from all its catalogs."""
    found = {}
    for path in sorted((project / "locales" / code / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            found.update({m.id: m.string for m in read_po(fh) if isinstance(m.id, str) and m.id})
    return found


@pytest.mark.parametrize("code", ["ar", "hi"])
def test_text_reads_back_in_logical_order(scripts_project: Path, code: str) -> None:
    """Headings, list items and a sentence with a number read back as written."""
    text = without_harakat(pdftotext(render(locale=code, project_dir=scripts_project).pdf))
    strings = translations(scripts_project, code)
    for msgid in ("Resting after a test", "How to rest", "Steps to follow", "Drink water.",
                  "Call 911 if you have:", "Wash the skin."):
        # poppler spaces a number inside Arabic oddly ("بالرقم  911إذا"): compare the
        # characters in order, spaces aside
        wanted = without_harakat(unicodedata.normalize("NFKC", strings[msgid]))
        assert "".join(wanted.split()) in "".join(text.split()), msgid
    assert "%(" not in text and "<b>" not in text


def harfbuzz_glyphs(font_file: Path, text: str, rtl: bool, size: float,
                    ) -> list[tuple[int, float]]:
    """HarfBuzz's glyph ids for text, each with where it goes on the line (points from
    the line's left edge, offsets included), left to right."""
    face = hb.Face(font_file.read_bytes())
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(hb.Font(face), buf, {"kern": True, "liga": True})
    scale, pen, placed = size / face.upem, 0.0, []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        placed.append((info.codepoint, pen + pos.x_offset * scale))
        pen += pos.x_advance * scale
    return placed


def page_glyphs(pdf: bytes, font_file: Path, size: float) -> list[list[tuple[int, float]]]:
    """Each line's glyphs drawn in this font at this size, as glyph ids of the font
    file, with their places from the line's leftmost glyph.

    Read from the PDF itself, the text layer aside: the text operators (pikepdf) give
    each glyph's code, in the order pdfplumber places them; the embedded subset
    (fontTools) gives the code's outline, which names the original font's glyph."""
    original = _outline_ids(font_file)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        fonts = page.Resources.Font
        glyph_of = {name: _subset_glyphs(fonts[name], original) for name in fonts
                    if font_file.stem in str(fonts[name].BaseFont)}
        shown = _shown_codes(page)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
    assert len(chars) == len(shown), "every code shown is a character on the page"
    placed = [(char["matrix"][5], glyph_of[font][code], char["matrix"][4])
              for char, (font, code) in zip(chars, shown, strict=True)
              if font in glyph_of and abs(char["size"] - size) < 0.1]
    lines: list[list[tuple[float, int, float]]] = []
    for glyph in sorted(placed):  # a mark sits a little above or below its line
        if lines and glyph[0] - lines[-1][-1][0] < size * 0.5:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    return [_from_left([(gid, x) for _, gid, x in line]) for line in lines]


def _shown_codes(page: pikepdf.Page) -> list[tuple[str, int]]:
    """(font resource, code) of every glyph the page's text operators show, in order."""
    shown, font = [], ""
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            font = str(operands[0])
        elif op in ("Tj", "'", '"'):
            shown += [(font, code) for code in bytes(operands[-1])]
        elif op == "TJ":
            shown += [(font, code) for part in operands[0]
                      if isinstance(part, pikepdf.String) for code in bytes(part)]
    return shown


def _outline(font: TTFont, name: str) -> tuple[object, ...]:
    coordinates, ends, _ = font["glyf"][name].getCoordinates(font["glyf"])
    return tuple(coordinates), tuple(ends), font["hmtx"][name][0]


@functools.cache
def _font(font_file: Path) -> TTFont:
    return TTFont(font_file)


@functools.cache
def _outline_ids(font_file: Path) -> dict[tuple[object, ...], int]:
    """Outline -> glyph id; glyphs that look the same (space and no-break space, both
    empty and as wide) get one id, the smallest, on both sides of the comparison."""
    font = _font(font_file)
    return {_outline(font, name): gid for gid, name in reversed(list(enumerate(
        font.getGlyphOrder())))}


def _canonical(font_file: Path, gid: int) -> int:
    """The id _outline_ids gives glyph gid's look."""
    font = _font(font_file)
    return _outline_ids(font_file)[_outline(font, font.getGlyphOrder()[gid])]


def _subset_glyphs(font: pikepdf.Dictionary, original: dict[tuple[object, ...], int],
                   ) -> dict[int, int]:
    """Code -> glyph id in the original font, for one embedded subset."""
    subset = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
    codes = {code: name for table in subset["cmap"].tables for code, name in table.cmap.items()}
    return {code: original.get(_outline(subset, name), -1) for code, name in codes.items()}


def _from_left(glyphs: list[tuple[int, float]]) -> list[tuple[int, float]]:
    left = min(x for _, x in glyphs)
    return sorted((gid, round(x - left, 1)) for gid, x in glyphs)


def _same(wanted: list[tuple[int, float]], line: list[tuple[int, float]]) -> bool:
    """The same glyphs at the same places, to a tenth of a point (PDF rounds to 0.01)."""
    return len(wanted) == len(line) and all(
        a == c and abs(b - d) <= 0.11 for (a, b), (c, d) in zip(wanted, line, strict=True))


@pytest.mark.parametrize("code,msgid,font,rtl", [
    ("hi", "Steps to follow", "NotoSansDevanagari-Bold.ttf", False),  # लि: ि drawn first
    ("ar", "Steps to follow", "NotoSansArabic-Bold.ttf", True),  # joined, with a shadda
    ("ar", "How to rest", "NotoSansArabic-Bold.ttf", True)])
def test_glyphs_are_the_ones_harfbuzz_gives(scripts_project: Path, code: str, msgid: str,
                                            font: str, rtl: bool) -> None:
    """A section heading, bold: the glyph ids HarfBuzz gives, each where it puts it."""
    heading = translations(scripts_project, code)[msgid]
    rendered = render(locale=code, project_dir=scripts_project)
    expected = [(_canonical(FONTS / font, gid), x)
                for gid, x in harfbuzz_glyphs(FONTS / font, heading, rtl, 12 * 1.3)]
    cmap = TTFont(FONTS / font)
    naive = [cmap.getGlyphID(cmap.getBestCmap()[ord(c)]) for c in heading]
    assert [gid for gid, _ in expected] != naive, "the text needs shaping"
    lines = page_glyphs(rendered.pdf, FONTS / font, 12 * 1.3)
    assert any(_same(_from_left(expected), line) for line in lines), lines


def test_hindi_vowel_sign_before_its_consonant_reads_back_in_order(
        scripts_project: Path) -> None:
    """ि is typed after its consonant and drawn before it: the text layer still says किसी
    (the glyphs carry /ActualText), word for word."""
    rendered = render(locale="hi", project_dir=scripts_project)
    strings = translations(scripts_project, "hi")
    words = {w.strip("।:.") for s in strings.values() if "%(" not in s and "<" not in s
             for w in s.split() if "ि" in w or "्" in w}
    text = pdftotext(rendered.pdf)
    found = [w for w in words if w in text]
    assert len(words) >= 10 and len(found) >= 0.8 * len(words), set(words) - set(found)


def test_arabic_runs_right_to_left_with_numbers_and_names_left_to_right(
        scripts_project: Path) -> None:
    rendered = render(locale="ar", project_dir=scripts_project,
                      personal=Personal(patient_name="Zebediah Quillfeather"))
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as document:
        page = document.pages[0]
        words = page.extract_words(use_text_flow=True, keep_blank_chars=False)
        width = page.width
        body = [c for c in page.chars if 100 < c["top"] < page.height - 100]
    digits = [w for w in words if w["text"] in ("911", "119")]
    assert digits and all(w["text"] == "911" for w in digits), "911 keeps its own order"
    name = {w["text"]: w["x0"] for w in words if w["text"] in ("Zebediah", "Quillfeather")}
    assert name["Zebediah"] < name["Quillfeather"], "a Latin name reads left to right"
    arabic = [c for c in body if "\u0600" <= unicodedata.normalize("NFKC", c["text"])[:1]
              <= "\u06ff"]
    right_edges = sorted(c["x1"] for c in arabic)
    assert right_edges[-1] > width - 54 - 2, "Arabic lines end at the right margin"
    assert min(c["x0"] for c in arabic) > 54, "nothing runs into the left margin"


def test_arabic_bullets_sit_on_the_right(scripts_project: Path) -> None:
    rendered = render(locale="ar", project_dir=scripts_project)
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as document:
        page = document.pages[0]
        bullets = [c for c in page.chars if c["text"] == "\u2022"]
        numbers = [c for c in page.chars if c["text"] in "12" and c["size"] == 12]
        middle = page.width / 2
    assert bullets and all(b["x0"] > middle for b in bullets)
    assert numbers and all(n["x0"] > middle for n in numbers)


@pytest.mark.parametrize("variant", [{}, {"large_print": True}, {"bilingual": True},
                                     {"bilingual": True, "large_print": True},
                                     {"draft": True}])
@pytest.mark.parametrize("code", ["ar", "hi"])
def test_every_variant_prints_from_the_command_line(scripts_project: Path, code: str,
                                                    variant: dict[str, bool]) -> None:
    out = scripts_project / f"{code}.pdf"
    flags = [f"--{name.replace('_', '-')}" for name in variant]
    assert main(["alpha", "--locale", code, *flags, "--output", str(out)]) == 0
    text = pdftotext(out.read_bytes()) + "".join(page_texts(out.read_bytes()))
    heading = unicodedata.normalize("NFKC", translations(scripts_project, code)["How to rest"])
    assert heading in text
    if variant.get("bilingual"):
        assert "How to rest" in text
    if variant.get("draft"):
        assert "DRAFT" in text


def test_bilingual_arabic_takes_the_right_column(scripts_project: Path) -> None:
    rendered = render(locale="ar", project_dir=scripts_project, bilingual=True)
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as document:
        page = document.pages[0]
        middle = page.width / 2
        headings = [c for c in page.chars if "Bold" in c["fontname"] and c["size"] > 14]
    arabic = [c for c in headings if "Arabic" in c["fontname"]]
    english = [c for c in headings if "Arabic" not in c["fontname"]]
    assert arabic and all(c["x0"] > middle for c in arabic)
    assert english and all(c["x1"] < middle for c in english)


def test_the_web_page_marks_arabic_right_to_left_and_prints_it(scripts_project: Path) -> None:
    from handouts.web import create_app

    client = create_app({"PROJECT_DIR": scripts_project}).test_client()
    index = client.get("/").get_data(as_text=True)
    assert '<span lang="ar" dir="rtl">العربية</span>' in index
    assert '<span lang="hi" dir="ltr">' in index
    page = client.get("/handouts/alpha").get_data(as_text=True)
    assert "Arabic — \u2068العربية\u2069" in page, "the Arabic name is isolated in the picker"
    response = client.get("/handouts/alpha.pdf?locale=ar")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    heading = translations(scripts_project, "ar")["How to rest"]
    assert without_harakat(heading) in without_harakat(pdftotext(response.data))


SHAPE_THEN_RENDER = """
import datetime as dt, hashlib, sys
from pathlib import Path
from handouts.options import Personal, RenderOptions
from handouts.pipeline import render_pdf
project = Path(sys.argv[1])
def options(**kw):
    return RenderOptions(handout="alpha", locale="hi", print_date=dt.date(2026, 11, 23),
                         project_dir=project, **kw)
if sys.argv[2] == "warm":  # shape other words first: the same glyphs in other contexts
    render_pdf(options(personal=Personal(patient_name="चिकित्सक क्लिनिक", note="कि ि कि")))
print(hashlib.sha256(render_pdf(options()).pdf).hexdigest())
"""


def test_the_bytes_do_not_depend_on_what_the_process_shaped_before(
        scripts_project: Path) -> None:
    """Same inputs, same print date, same bytes: also in a server worker that has
    already printed other names."""
    digests = {mode: subprocess.run([sys.executable, "-c", SHAPE_THEN_RENDER,
                                     str(scripts_project), mode], capture_output=True,
                                    text=True, check=True).stdout
               for mode in ("cold", "warm")}
    assert digests["cold"] == digests["warm"]


def test_english_on_an_arabic_page_reads_left_to_right(scripts_project: Path) -> None:
    """A sentence a draft still shows in English, and a note typed in English, run left
    to right from the left edge, full stop last, on an Arabic page."""
    path = po_path(scripts_project, "ar")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="ar")
    catalog["Wash the skin."].string = ""
    with path.open("wb") as fh:
        write_po(fh, catalog)
    note = "Call Dr. Lee (ext. 4) if you have pain."
    rendered = render(locale="ar", project_dir=scripts_project, draft=True,
                      personal=Personal(note=note))
    text = flat(pdftotext(rendered.pdf))
    assert "Wash the skin." in text and note in text
