"""What stays together on paper, and what a draft highlights, measured on the page.

Geometry comes from pdfplumber (positions of words and filled rectangles),
not from our own layout objects.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import flat, page_texts, po_path, render
from pagegeometry import page_faults
from tagcheck import struct_text

YELLOW = (1.0, 0.878, 0.541)  # the untranslated-text highlight, #FFE08A
DISCLAIMER = {"en": "This handout gives general information.",
              "es": "Este folleto da información general."}
OWNERSHIP = {"en": "Riverside Test Clinic is run by Example Health Partners.",
             "es": "Riverside Test Clinic está a cargo de Example Health Partners."}
#: A fixture handout's front matter and title, for str.format: {number} is its ID's digits.
HEAD = """{{#---
id = "TST-{number}"
version = "1.0"
---#}}
{{% extends "layout/base.xml.j2" %}}
{{% block title %}}{{{{ _("Drinking water") }}}}{{% endblock %}}
"""
#: A first section of {count} short paragraphs: moves what follows down the pages.
WHY = """{{% block body %}}<section id="why"><h>{{{{ _("Why water helps") }}}}</h>
{{% for i in range({count}) %}}<p>{{{{ _("Water helps your body heal.") }}}}</p>{{% endfor %}}
</section>
"""
FILLER = HEAD + """{{% block subtitle %}}{{{{ _("A short guide") }}}}{{% endblock %}}
""" + WHY + """<box kind="urgent"><h>{{{{ _("Call 911 if you have:") }}}}</h>
<ul><li>{{{{ _("Chest pain.") }}}}</li><li>{{{{ _("Drink water.") }}}}</li>
<li>{{{{ _("Sleep well.") }}}}</li></ul></box>{{% endblock %}}
"""
BOX_FIRST = {"en": "Call 911 if you have:", "es": "Llame al 911 si tiene:"}
BOX_LAST = {"en": "Sleep well.", "es": "Duerma bien."}
SWEEP = range(12, 46)  # filler paragraphs: moves the fine print across a page break


def highlighted(pdf: bytes) -> list[tuple[int, float]]:
    """(page, x) of every filled rectangle in the untranslated-text colour."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            for rect in page.rects:
                color = rect.get("non_stroking_color") or ()
                if len(color) == 3 and all(abs(a - b) < 0.01
                                           for a, b in zip(color, YELLOW, strict=True)):
                    found.append((number, float(rect["x0"])))
    return found


def both_catalogs(project: Path, name: str) -> None:
    """A Spanish catalog for handout name, holding alpha's and beta's sentences."""
    catalog = Catalog(locale="es")
    for source in ("alpha", "beta"):
        with po_path(project, "es", source).open("rb") as fh:
            for message in read_po(fh):
                if message.id:
                    catalog[message.id] = message
    with po_path(project, "es", name).open("wb") as fh:
        write_po(fh, catalog)


def fillers(project: Path) -> list[str]:
    """Handouts made of alpha's and beta's sentences, with a Spanish catalog holding both."""
    folder = project / "templates" / "handouts"
    for count in SWEEP:
        (folder / f"filler{count}.xml.j2").write_text(
            FILLER.format(number=100 + count, count=count), "utf-8")
        both_catalogs(project, f"filler{count}")
    return [f"filler{count}" for count in SWEEP]


def pages_of(pdf: bytes, *phrases: str) -> list[int]:
    """The page each phrase starts on (1-based); 0 when it is not found whole."""
    texts = [flat(t) for t in page_texts(pdf)]
    return [next((n for n, t in enumerate(texts, 1) if phrase in t), 0) for phrase in phrases]


@pytest.mark.parametrize("locale,bilingual", [("en", False), ("es", True)])
def test_boxes_and_fine_print_are_never_split_across_pages(project: Path, locale: str,
                                                           bilingual: bool) -> None:
    """Both layouts, the same rule (pdf/grouping.py): a growing body pushes the urgent
    box and the legal text over a page break, one line at a time; neither splits."""
    moved: dict[str, set[int]] = {"box": set(), "fine print": set()}
    for name in fillers(project):
        pdf = render(name, locale=locale, bilingual=bilingual, project_dir=project).pdf
        first, last = pages_of(pdf, BOX_FIRST[locale], BOX_LAST[locale])
        assert first and first == last, f"{name}: the urgent box split"
        disclaimer, ownership = pages_of(pdf, DISCLAIMER[locale], OWNERSHIP[locale])
        assert disclaimer and disclaimer == ownership, f"{name}: the legal text split"
        faults = page_faults(pdf)
        assert not faults["empty"] + faults["zone"], f"{name}: {faults}"
        moved["box"].add(first)
        moved["fine print"].add(disclaimer)
    for what, pages in moved.items():
        assert len(pages) > 1, f"the sweep must push the {what} over a page break"


def _words(pdf: bytes, page: int = 0) -> dict[str, tuple[float, float]]:
    """Each word's first position on the page: (x0, top)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[page].extract_words()
    found: dict[str, tuple[float, float]] = {}
    for word in words:
        found.setdefault(word["text"], (float(word["x0"]), float(word["top"])))
    return found


def test_bilingual_puts_english_beside_and_large_print_below() -> None:
    side = _words(render(locale="es", bilingual=True).pdf)
    (es_x, es_top), (en_x, en_top) = side["Cómo"], side["How"]  # the section headings
    assert abs(es_top - en_top) < 2 and en_x > es_x + 200, "two columns, level"
    for page in range(2):  # the section may sit on page 1 or 2 in large print
        stacked = _words(render(locale="es", bilingual=True, large_print=True).pdf, page)
        if "Cómo" in stacked:
            break
    (es_x, es_top), (en_x, en_top) = stacked["Cómo"], stacked["How"]
    assert en_top > es_top + 18 and abs(en_x - es_x) < 30, "English under the translation"


def test_an_english_draft_highlights_nothing() -> None:
    draft = render(locale="en", draft=True)
    assert highlighted(draft.pdf) == []
    text = flat(" ".join(page_texts(draft.pdf)))
    assert "DRAFT" in text and "not translated yet" not in text


def _untranslate(project: Path, msgid: str) -> None:
    path = po_path(project, "es")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog[msgid].string = ""
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_a_bilingual_draft_highlights_only_the_translation_column(project: Path) -> None:
    _untranslate(project, "Sleep well.")
    single = render(locale="es", draft=True, project_dir=project)
    assert len(highlighted(single.pdf)) == 1, "one untranslated sentence, one highlight"
    both = render(locale="es", draft=True, bilingual=True, project_dir=project)
    marks = highlighted(both.pdf)
    assert len(marks) == 1 and marks[0][1] < 612 / 2, "the English column is clean"
    text = flat(page_texts(both.pdf)[0])
    assert "1 frase todavía no está traducida" in text


QUESTIONS = HEAD + WHY + """<section id="ask"><h>{{{{ _("How to rest") }}}}</h>
<ul><li>{{{{ _("Drink water.") }}}}</li><li>{{{{ _("Sleep well.") }}}}</li></ul>
<lines n="3"/></section>{{% endblock %}}
"""


def _ruled_below(pdf: bytes, phrase: str) -> tuple[int, int]:
    """(page of the phrase, how many long horizontal rules follow it on that page
    within a hand's height): the write-in lines a patient writes on."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            found = page.search(phrase)
            if found:
                bottom = float(found[0]["bottom"])
                rules = [line for line in page.lines
                         if abs(line["top"] - line["bottom"]) < 1
                         and line["x1"] - line["x0"] > page.width / 2
                         and bottom < line["top"] < bottom + 90]
                return number, len(rules)
    return 0, 0


def test_write_in_lines_stay_with_the_questions_and_their_heading(project: Path) -> None:
    """A growing body pushes a questions list with write-in lines over a page break:
    the lines never start a page alone, the heading never ends one alone."""
    folder = project / "templates" / "handouts"
    pages = set()
    for count in range(6, 48):
        (folder / f"ask{count}.xml.j2").write_text(
            QUESTIONS.format(number=300 + count, count=count), "utf-8")
        pdf = render(f"ask{count}", locale="en", project_dir=project).pdf
        heading, last = pages_of(pdf, "How to rest", "Sleep well.")
        page, rules = _ruled_below(pdf, "Sleep well.")
        assert heading == last == page and rules >= 3, (count, heading, last, page, rules)
        pages.add(page)
    assert len(pages) > 1, "the sweep must push the questions over a page break"


TALL_BOX = HEAD.replace("{number}", "5{count:02d}") + """\
{{% block body %}}<section id="why"><h>{{{{ _("Why water helps") }}}}</h>
<p>{{{{ _("Water helps your body heal.") }}}}</p></section>
<box kind="urgent"><h>{{{{ _("Call 911 if you have:") }}}}</h>
{{% for i in range({count}) %}}<ul><li>{{{{ _("Chest pain.") }}}}</li></ul>{{% endfor %}}
</box>{{% endblock %}}
"""


@pytest.mark.parametrize("locale,bilingual", [("en", False), ("es", True)])
def test_a_box_taller_than_a_page_continues_under_its_heading(project: Path, locale: str,
                                                              bilingual: bool) -> None:
    """The heading is drawn again where the box continues, as an artifact: a reader of
    the paper sees it on every page, a screen reader reads it once."""
    (project / "templates" / "handouts" / "tall.xml.j2").write_text(
        TALL_BOX.format(count=45), "utf-8")
    both_catalogs(project, "tall")
    pdf = render("tall", locale=locale, bilingual=bilingual, project_dir=project).pdf
    heading = BOX_FIRST[locale]
    on = [n for n, text in enumerate(page_texts(pdf), 1) if flat(heading) in flat(text)]
    assert len(on) >= 2, f"the box should span pages: heading on {on}"
    assert page_faults(pdf)["box"] == [], "each continuation starts with the heading"
    assert struct_text(pdf).count(heading) == 1, "tagged once"


def test_the_legal_text_never_splits_behind_a_tall_box(project: Path) -> None:
    """The fine print takes the box before it along; when the two are taller than a
    page the box flows on, and the legal text still prints whole."""
    folder = project / "templates" / "handouts"
    for count in range(16, 32):
        (folder / f"box{count}.xml.j2").write_text(TALL_BOX.format(count=count), "utf-8")
        pdf = render(f"box{count}", locale="en", project_dir=project).pdf
        disclaimer, ownership = pages_of(pdf, DISCLAIMER["en"], OWNERSHIP["en"])
        assert disclaimer and disclaimer == ownership, f"{count} items: the legal text split"


LONG_LIST = HEAD.replace("{number}", "6{count:02d}") + """\
{{% block body %}}<section id="ask"><h>{{{{ _("How to rest") }}}}</h>
<ul>{{% for i in range({count}) %}}<li>{{{{ _("Drink water.") }}}}</li>{{% endfor %}}</ul>
<lines n="3"/></section>{{% endblock %}}
"""


def test_large_print_never_ends_with_the_legal_text_alone(project: Path) -> None:
    """In large print a questions list, its write-in lines and the fine print grow
    taller than a page: the end of the list goes along, so no page starts with the
    lines and the last page has something to read besides the legal text."""
    folder = project / "templates" / "handouts"
    tall = 0
    for count in range(10, 34, 2):
        (folder / f"long{count}.xml.j2").write_text(LONG_LIST.format(count=count), "utf-8")
        pdf = render(f"long{count}", locale="en", project_dir=project, large_print=True).pdf
        faults = page_faults(pdf, large_print=True)
        assert not faults["empty"] + faults["write-in"] + faults["heading"], (count, faults)
        tall += len(page_texts(pdf)) > 2
    assert tall, "the sweep must make the list, lines and fine print taller than a page"


LONG_PARAGRAPH = HEAD.replace("{number}", "7{count:02d}") + WHY + """\
<section id="rest"><h>{{{{ _("How to rest") }}}}</h>
<p>{{% for i in range(12) %}}{{{{ _("Rest for two days after the test.") }}}} {{% endfor %}}</p>
</section>
<section id="more"><h>{{{{ _("Steps to follow") }}}}</h>
{{% for i in range(12) %}}<p>{{{{ _("Water helps your body heal.") }}}}</p>{{% endfor %}}
</section>{{% endblock %}}
"""


def test_a_heading_keeps_with_the_first_lines_not_a_whole_long_paragraph(
        project: Path) -> None:
    """A heading followed by a long paragraph near the foot of a page (large print)
    stays there with the paragraph's first lines; ReportLab's keep-with-next moved
    both, leaving up to a third of the page blank."""
    folder = project / "templates" / "handouts"
    stayed = 0
    for count in range(4, 30):
        (folder / f"para{count}.xml.j2").write_text(LONG_PARAGRAPH.format(count=count), "utf-8")
        pdf = render(f"para{count}", locale="en", project_dir=project, large_print=True).pdf
        faults = page_faults(pdf, large_print=True)
        assert not faults["heading"] + faults["zone"], (count, faults)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            bodies = [[w for w in page.extract_words() if 65 < w["top"] < page.height - 75]
                      for page in document.pages]  # below the header, above the footer
        lowest = max(w["bottom"] for body in bodies for w in body)
        for before, body in zip(bodies, bodies[1:], strict=False):
            top = min(body, key=lambda w: w["top"])
            if top["text"] == "How":  # the heading starts a page: was there no room?
                gap = lowest - max(w["bottom"] for w in before)
                assert gap < 4 * 27, (count, gap)  # four lines of 18 pt at the most
            elif any(w["text"] == "How" for w in body):
                stayed += 1
    assert stayed, "the sweep must put the heading near the foot of a page"
