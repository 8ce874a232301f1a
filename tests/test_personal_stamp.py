"""A patient's copy is the unpersonalized copy with the details written onto it.

The front desk gets a personal PDF in milliseconds because the cached copy is
not laid out again (``pdf/stamp.py``): nothing on the page may move, every
font stays embedded, the details are tagged where a screen reader expects
them, and the same details give the same bytes.  Read back with tools we did
not write: pdfplumber for positions, poppler's pdffonts and pdfinfo.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from conftest import reading_texts, render

from handouts.errors import FieldError
from handouts.options import Personal

DETAILS = Personal(patient_name="Zebediah Quillfeather", clinician="Dr. Amara Okafor",
                   procedure_date=dt.date(2026, 12, 1),
                   note="Bring your medicine list and someone to drive you home.")


def placed_words(pdf: bytes) -> list[Counter[tuple[str, float, float]]]:
    """Each page's words with where they start, to a tenth of a point."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [Counter((w["text"], round(w["x0"], 1), round(w["top"], 1))
                        for w in page.extract_words()) for page in document.pages]


def poppler(tool: str, pdf: bytes, folder: Path, *args: str) -> str:
    """What a poppler tool prints about pdf."""
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"poppler-utils ({tool}) is needed: apt-get install poppler-utils")
    path = folder / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run([found, *args, str(path)], capture_output=True, check=True,
                          text=True).stdout


@pytest.mark.parametrize("variant", [{"locale": "en"}, {"locale": "es"},
                                     {"locale": "es", "large_print": True},
                                     {"locale": "es", "bilingual": True}],
                         ids=["en", "es", "es-large", "es-bilingual"])
def test_nothing_on_the_page_moves_when_details_are_typed(variant: dict[str, object]) -> None:
    blank = render(**variant)
    personal = render(**variant, personal=DETAILS)
    assert personal.pdf.startswith(blank.pdf), "an update of the same file, not a new one"
    before, after = placed_words(blank.pdf), placed_words(personal.pdf)
    assert len(before) == len(after)
    for page, (old, new) in enumerate(zip(before, after, strict=True)):
        assert not old - new, f"page {page + 1}: words moved or went missing"
    typed = Counter(word for word, _, _ in after[0] - before[0])
    expected = Counter(" ".join([DETAILS.patient_name, DETAILS.clinician, DETAILS.note])
                       .split())
    assert expected <= typed, "every typed word is on page 1"
    label = "Patient" if variant["locale"] == "en" else "Paciente"
    header = Counter([label, *DETAILS.patient_name.split()])
    for old, new in zip(before[1:], after[1:], strict=True):  # the name in each header
        assert Counter(word for word, _, _ in new - old) == header


def header_text(pdf: bytes) -> list[str]:
    """The text of each page's top 70 points: the header, above the body."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.crop((0, 0, page.width, 70)).extract_text() for page in document.pages]


@pytest.mark.parametrize("variant", [{"locale": "en", "large_print": True},
                                     {"locale": "es", "bilingual": True}],
                         ids=["en-large", "es-bilingual"])
def test_every_later_page_says_whose_it_is(variant: dict[str, object], tmp_path: Path) -> None:
    """A page that comes loose from the others still names its patient (in its header,
    as furniture: a screen reader reads the name once, in its field on page 1)."""
    blank, personal = render(**variant), render(**variant, personal=DETAILS)
    headers = header_text(personal.pdf)
    assert len(headers) >= 2
    assert all(DETAILS.patient_name in text for text in headers[1:]), headers
    assert DETAILS.patient_name not in headers[0], "page 1 has the field itself"
    assert not any(DETAILS.patient_name in text for text in header_text(blank.pdf))
    tree = poppler("pdfinfo", personal.pdf, tmp_path, "-struct-text")
    assert tree.count(DETAILS.patient_name) == 1


def test_a_name_of_spaces_prints_no_bare_label() -> None:
    pdf = render(locale="en", large_print=True, personal=Personal(patient_name="   ")).pdf
    assert "Patient" not in header_text(pdf)[1]


def test_a_name_too_long_for_the_header_is_cut_there_not_on_page_1() -> None:
    name = "W" * 100
    pdf = render(locale="en", large_print=True, personal=Personal(patient_name=name)).pdf
    headers = header_text(pdf)
    # (large print keeps the header's name at 18 pt: about 25 wide letters fit the line)
    assert "W" * 20 in headers[1] and "\u2026" in headers[1] and name not in headers[1]
    assert "".join(reading_texts(pdf)[0].split()).count("W") >= 100


def test_the_same_details_give_the_same_bytes_and_fonts_stay_embedded(tmp_path: Path) -> None:
    first = render(locale="es", personal=DETAILS).pdf
    assert render(locale="es", personal=DETAILS).pdf == first
    fonts = poppler("pdffonts", first, tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "\n".join(fonts)


def test_a_name_in_a_script_the_language_lacks_prints_in_its_own_fonts() -> None:
    """An Arabic or Hindi name on an English copy: the fonts of its script are added to
    the copy, and poppler reads the name back letter for letter."""
    for name in ("ليلى حداد", "राधा शर्मा"):
        pdf = render(locale="en", personal=Personal(patient_name=name)).pdf
        assert name in reading_texts(pdf)[0]


def test_the_details_are_tagged_under_their_labels(tmp_path: Path) -> None:
    pdf = render(locale="es", personal=DETAILS).pdf
    tree = poppler("pdfinfo", pdf, tmp_path, "-struct-text")
    lines = [line.strip() for line in tree.splitlines()]
    label = lines.index('"Paciente"')
    assert lines[label + 1:label + 3] == ["Span (inline)", f'"{DETAILS.patient_name}"']
    assert f'"{DETAILS.note}"' in lines


def test_a_note_too_long_for_any_room_is_refused_without_quoting_it() -> None:
    """Through the Python API (the form stops at 300 characters): a note that does not
    fit even the most lines it may take is refused, and the message does not quote it."""
    note = "medicine " * 3000
    with pytest.raises(FieldError) as caught:
        render(locale="en", personal=Personal(note=note))
    assert caught.value.field == "note" and "medicine" not in caught.value.show()
    assert "27000 characters" in caught.value.show()


def test_a_long_note_shrinks_into_its_two_lines() -> None:
    note = "Take the tablets with food and call us if the pain gets worse. " * 3
    pdf = render(locale="en", personal=Personal(note=note.strip())).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    body = {round(w["size"], 1) for w in words if w["text"] == "Drink"}
    note_sizes = {round(w["size"], 1) for w in words if w["text"] == "tablets"}
    assert note_sizes and max(note_sizes) < min(body), "the note shrank to fit"
    assert "tablets" in reading_texts(pdf)[0]


@pytest.mark.parametrize("large_print", [False, True])
def test_the_longest_values_the_form_takes_always_print(large_print: bool) -> None:
    """The web form takes 100 characters for a name and 300 for a note: the widest
    letters, in large print too, shrink into their slots rather than being refused."""
    personal = Personal(patient_name="W" * 100, clinician="M" * 100, note="W" * 300)
    pdf = render(locale="en", large_print=large_print, personal=personal).pdf
    assert "".join(reading_texts(pdf)).count("W") >= 400  # a long note may flow to page 2


def test_each_stamped_font_has_a_name_of_its_own(tmp_path: Path) -> None:
    """ReportLab tags every first subset AAAAAA+; a stamped subset of the page's own font
    must not share its name, or a tool that finds fonts by name prints wrong glyphs."""
    pdf = render(locale="es", personal=Personal(patient_name="ليلى حداد",
                                                clinician="Dr. Zoë Ruiz")).pdf
    names = [line.split()[0] for line in poppler("pdffonts", pdf, tmp_path).splitlines()[2:]]
    assert len(names) == len(set(names)) > 2, names


def test_a_value_sits_next_to_its_label_whichever_way_it_runs(scripts_project: Path) -> None:
    """A Latin name on an Arabic page ends at the right, by its label; an Arabic name on
    an English page starts at the left, by its."""
    def name_box(locale: str, name: str) -> tuple[float, float, float]:
        pdf = render(locale=locale, project_dir=scripts_project,
                     personal=Personal(patient_name=name)).pdf
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[0]
            words = [w for w in page.extract_words() if w["text"] in name.split()
                     or w["text"] in name[::-1].split()]
            return min(w["x0"] for w in words), max(w["x1"] for w in words), page.width
    x0, x1, width = name_box("ar", "Zebediah Quillfeather")
    assert x1 > width * 0.6, (x0, x1)
    x0, x1, width = name_box("en", "ليلى حداد")
    assert x0 < width * 0.4, (x0, x1)


def test_a_later_pages_name_is_on_the_document_lines_side(scripts_project: Path) -> None:
    """Right on an English page, left on an Arabic one (the header is mirrored)."""
    def header_name(locale: str) -> tuple[float, float]:
        pdf = render(locale=locale, project_dir=scripts_project, large_print=True,
                     personal=Personal(patient_name="Zebediah Quillfeather")).pdf
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[1]
            words = [w for w in page.crop((0, 0, page.width, 70)).extract_words()
                     if w["text"] == "Quillfeather"]
            return words[0]["x1"], page.width
    x1, width = header_name("en")
    assert x1 > width * 0.8
    x1, width = header_name("ar")
    assert x1 < width * 0.6


def test_a_name_with_a_line_break_from_a_program_prints_on_one_line() -> None:
    """The web form refuses a line break in a name; a program calling render_pdf may
    send one anyway: it prints as a space, on the name's one line, at full size."""
    pdf = render(locale="en", personal=Personal(patient_name="Ana\nRuiz\tPrueba")).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    name = [w for w in words if w["text"] in ("Ana", "Ruiz", "Prueba")]
    assert [w["text"] for w in name] == ["Ana", "Ruiz", "Prueba"]
    assert len({round(w["top"]) for w in name}) == 1  # one line
    body = {round(w["size"], 1) for w in words if w["text"] == "Drink"}
    assert {round(w["size"], 1) for w in name} == body  # not shrunk to fit two lines
