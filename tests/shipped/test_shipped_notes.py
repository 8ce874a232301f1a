"""A note of its full allowed length prints, readably, in every shipped language and
variant (issue 12, part 3): valid input never fails.

The form takes 300 characters; two lines cannot hold that at a readable size in a
narrow bilingual column or in large print, so the note's room grows and the page
flows on.  Checked on the page with outside tools: pdftotext finds the whole note,
and pdfplumber finds its characters at 80% of the body size or more.  A list typed
a line each (40 short lines) prints on a line or two.  Parametrized over whatever
languages ship.
"""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from conftest import ROOT, flat, letters, page_texts, reading_texts, render, without_harakat

from handouts.i18n.locales import available_locales
from handouts.i18n.scripts import script_of
from handouts.options import DEFAULTS, Personal
from handouts.project import Project

LOCALES = sorted(available_locales(Project(ROOT).locales_dir))
VARIANTS = {"normal": {}, "bilingual": {"bilingual": True}, "large print": {"large_print": True},
            "large-print bilingual": {"large_print": True, "bilingual": True}}
#: 300 characters of each kind of script the form may get (the note's full length).
SENTENCE = {"Latn": "Take your pills with food, twice a day. ", "Hani": "每天两次，随餐服药。",
            "Hans": "每天两次，随餐服药。", "Hant": "每天兩次，隨餐服藥。",
            "Hang": "하루 두 번 식사와 함께 약을 드세요. ",
            "Arab": "تناول الدواء مع الطعام مرتين يوميا. ",
            "Ethi": "መድሃኒቱን በቀን ሁለት ጊዜ ከምግብ ጋር ይውሰዱ። "}


def note_for(code: str) -> str:
    sentence = SENTENCE.get(script_of(code), SENTENCE["Latn"])
    return (sentence * 300)[:300].strip()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("code", LOCALES)
def test_a_full_length_note_prints_readably(code: str, variant: str) -> None:
    note = note_for(code)
    options = {**VARIANTS[variant], "draft": True}  # an unfinished translation still prints
    rendered = render("vertebroplasty", locale=code, personal=Personal(note=note),
                      print_date=dt.date(2026, 11, 23), project_dir=ROOT, **options)
    text = letters(without_harakat(" ".join(reading_texts(rendered.pdf))))
    assert letters(note)[:30] in text  # poppler reads right-to-left lines in logical order
    body = float(DEFAULTS["large_print_size" if "large" in variant else "body_size"])
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        sizes = [c["size"] for page in pdf.pages[:2] for c in page.chars
                 if c["text"].strip() and c["text"] in note]
    assert sizes and max(sizes) >= body * 0.8 - 0.01, (max(sizes, default=0), body)


@pytest.mark.parametrize("code", LOCALES[:1])
def test_a_list_typed_a_line_each_prints_on_a_line_or_two(code: str) -> None:
    note = "\n".join(["ok"] * 40)
    rendered = render("vertebroplasty", locale=code, personal=Personal(note=note),
                      print_date=dt.date(2026, 11, 23), project_dir=ROOT, draft=True)
    assert "ok / ok / ok" in flat(" ".join(page_texts(rendered.pdf)))
