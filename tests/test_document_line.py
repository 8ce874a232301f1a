"""The document line (ID, version, reviews, print date) breaks between words, never inside one.

Its parts are kept whole where they fit a line. A reviewer who writes out
their credentials makes a part longer than the line: it then breaks between
its words, and its date never breaks (before, "agréée le 6 décembre 202" / "6"
in the header, "Claire Ma" / "rtin" in large print's footer, found by a
translator's walkthrough; then "20 de noviembre" / "de 2025", found in review).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from conftest import page_texts, render

from handouts.commands.cli import main

REVIEWER = "Claire Martin-Dubois, traductrice médicale agréée et interprète"
REVIEWED = dt.date(2025, 11, 20)


def review_part(project: Path, reviewer: str) -> str:
    """The document line's part for the review, as the Spanish catalog words it."""
    with (project / "locales" / "es" / "LC_MESSAGES" / "shared.po").open("rb") as fh:
        message = read_po(fh).get("Translation reviewed by %(name)s on %(date)s")
    assert message is not None and message.string
    return str(message.string) % {"name": reviewer, "date": spanish_date()}


def spanish_date() -> str:
    return format_date(REVIEWED, "long", locale="es")  # "20 de noviembre de 2025"


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("cut", [0, 9, 18, 27, 36])
def test_a_long_reviewer_credit_breaks_between_words(project: Path, large_print: bool,
                                                     cut: int,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Names of several lengths, so the line ends fall at different places in the part."""
    reviewer = REVIEWER[:len(REVIEWER) - cut].rstrip(" ,")
    for catalog in ("alpha", "shared"):
        assert main(["i18n", "review", "es", catalog, "--by", reviewer,
                     "--date", REVIEWED.isoformat()]) == 0, capsys.readouterr().err
    pdf = render(locale="es", project_dir=project, large_print=large_print).pdf
    shown = [text for text in page_texts(pdf) if reviewer.split()[0] in text]
    assert shown, "the review is printed"
    for text in shown:
        words = text.split()
        for word in review_part(project, reviewer).split():
            assert word in words, f"{word!r} is cut: {text[:400]!r}"
        lines = [line.replace("\u00a0", " ") for line in text.splitlines()]
        assert any(spanish_date() in line for line in lines), f"the date is split: {lines}"
