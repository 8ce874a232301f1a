"""``handouts.web.index.search`` and ``suggest`` on entries made in memory (no project)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handouts.document.handout import HandoutMeta
from handouts.library import HandoutEntry
from handouts.web.index import search, suggest


def entry(name: str, ident: str, titles: tuple[str, ...], keywords: tuple[str, ...] = ()
          ) -> HandoutEntry:
    meta = HandoutMeta(name=name, id=ident, version="1.0", keywords=keywords,
                       review_status="pending", reviewed_on=dt.date(2026, 1, 1),
                       reviewed_by="", path=Path(f"{name}.xml.j2"))
    return HandoutEntry(meta, titles[0], 0.0, (), False, titles)


ENTRIES = [
    entry("vertebroplasty", "SPN-001",
          ("Vertebroplasty", "A treatment for a broken bone in the spine", "Vertebroplastia",
           "Un tratamiento para un hueso roto en la columna", "椎體成形術",
           "治療脊椎骨折的一種方法", "척추성형술"), ("spine", "bone cement")),
    entry("interest_rates", "FIN-002", ("Interest on a payment plan", "Paying over time")),
    entry("forest_walks", "GEN-003", ("Walks in the forest", "Exercise after surgery")),
]


@pytest.mark.parametrize(("query", "found"), [
    ("columna", ["vertebroplasty"]),  # Spanish
    ("脊椎", ["vertebroplasty"]),  # Chinese, no spaces: inside the subtitle
    ("척추", ["vertebroplasty"]),  # Korean, inside a word
    ("vertebroplasy", ["vertebroplasty"]),  # a typo
    ("VÉRTEBRO", ["vertebroplasty"]),  # accents and case
    ("ｖｅｒｔｅｂｒｏ", ["vertebroplasty"]),  # full width
    ("spn-001", ["vertebroplasty"]),
    ("001", ["vertebroplasty"]),  # part of the ID
    ("spn-002", []),  # an ID is never a typo of another
    ("rates", ["interest_rates"]),  # a word of the name
    ("rest", []),  # not "interest", not "forest"
    ("spine,", ["vertebroplasty"]),  # punctuation typed after a word
    ("kyphoplasty", []),  # no such handout
    ("", ["vertebroplasty", "interest_rates", "forest_walks"]),
])
def test_search(query: str, found: list[str]) -> None:
    assert [e.meta.name for e in search(ENTRIES, query)] == found


def test_suggest_names_the_closest_titles_best_first() -> None:
    assert [e.meta.name for e in suggest(ENTRIES, "kyphoplasty")][:1] == ["vertebroplasty"]
    assert len(suggest(ENTRIES * 2, "walk")) <= 3
    assert suggest(ENTRIES, "zzzzqq") == [] and suggest(ENTRIES, "  ") == []


@pytest.mark.parametrize("query", [
    "columna", "脊椎", "척추", "vertebroplasy", "VÉRTEBRO", "spn-001", "001", "spn-002",
    "rates", "rest", "spine,", "bone cement", "walks forest", "paying", "intrest",
    "surgery exercise", "a", "tr", "treatment broken",
])
def test_the_word_lookup_finds_what_the_plain_scan_finds(query: str) -> None:
    """search() answers from sorted words (bisect, one rapidfuzz call), so it does not
    grow with the library; it must agree with checking every handout word by word."""
    from handouts.web.index import _haystack_of, _matches, _query_words

    words = _query_words(query)
    scanned = [e for e in ENTRIES if all(_matches(w, _haystack_of(e)) for w in words)]
    assert search(ENTRIES, query) == scanned
