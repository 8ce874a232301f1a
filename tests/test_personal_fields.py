"""The patient's name, the date and the clinician print as typed, each on one line.

A name broken over two lines ("Hernández-Villanu / eva") or a date that wraps is
a printout the desk has to redo. Read back by position with pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from conftest import render

from handouts.options import Personal

NAME = "Maria Guadalupe Hernández-Villanueva de los Santos Quillfeather"  # 63 characters


def on_one_line(pdf: bytes, text: str) -> bool:
    """Every word of text on the baseline of its first word, inside the page (page 1)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
    first = text.split()[0]
    for start in (w for w in words if w["text"] == first):
        line = [w for w in words if abs(w["bottom"] - start["bottom"]) < 1]
        if all(any(w["text"] == word for w in line) for word in text.split()):
            return all(w["x0"] >= 0 and w["x1"] <= page.width for w in line)
    return False


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_name_a_date_and_a_clinician_each_stay_on_one_line(large_print: bool) -> None:
    personal = Personal(patient_name=NAME, clinician="Dr. Amara Okafor-Wellington",
                        procedure_date=dt.date(2026, 12, 1))
    result = render(locale="es", large_print=large_print, personal=personal)
    assert on_one_line(result.pdf, NAME), "the name is on one line, not broken"
    assert on_one_line(result.pdf, "1 de diciembre de 2026")
    assert on_one_line(result.pdf, "Dr. Amara Okafor-Wellington")


def test_a_short_name_keeps_the_full_size_and_a_note_wraps_at_words() -> None:
    note = "Bring your medicine list and someone to drive you home after the test. " * 2
    result = render(locale="en", personal=Personal(patient_name="Ana Li", note=note.strip()))
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    sizes = {w["size"] for w in words if w["text"] in ("Ana", "Li")}
    body = {w["size"] for w in words if w["text"] == "Drink"}
    assert sizes == body, "nothing shrinks that fits"
    assert len({round(w["bottom"]) for w in words if w["text"] in note.split()}) >= 2
