"""The document line (ID, version, reviews, print date) breaks between words, never inside one.

Its parts are kept whole where they fit a line. A reviewer who writes out
their credentials makes a part longer than the line: it then breaks between
its words, and its date stays whole (before, "agréée le 6 décembre 202" / "6"
in the header, "Claire Ma" / "rtin" in large print's footer; a walkthrough
by a translator found it).
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


def review_part(project: Path) -> str:
    """The document line's part for the review, as the Spanish catalog words it."""
    with (project / "locales" / "es" / "LC_MESSAGES" / "shared.po").open("rb") as fh:
        message = read_po(fh).get("Translation reviewed by %(name)s on %(date)s")
    assert message is not None and message.string
    return str(message.string) % {"name": REVIEWER,
                                  "date": format_date(REVIEWED, "long", locale="es")}


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_a_long_reviewer_credit_breaks_between_words(project: Path, large_print: bool,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for catalog in ("alpha", "shared"):
        assert main(["i18n", "review", "es", catalog, "--by", REVIEWER,
                     "--date", REVIEWED.isoformat()]) == 0, capsys.readouterr().err
    pdf = render(locale="es", project_dir=project, large_print=large_print).pdf
    for number, text in enumerate(page_texts(pdf), 1):
        if "Martin" not in text and number > 1:
            continue  # normal print: the review is on page 1's header only
        words = text.split()
        for word in review_part(project).split():
            assert word in words, f"page {number}: {word!r} is cut: {text[:400]!r}"
