"""The library index as the web page holds it, search, and language requests.

Search reads each handout's title and subtitle in every language it is
translated into, its name, ID and keywords, forgiving a typo in a long word
(rapidfuzz); when nothing matches, ``suggest`` names the closest titles.

Building the index (``handouts.library``) renders each handout's English
title and counts every catalog, so the result is kept until a project file
changes (see stamps.py) or the day changes (review deadlines move with it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..errors import TranslationError
from ..i18n.locales import LocaleSettings, available_locales, broken_locales, negotiate
from ..library import HandoutEntry, Index, LocaleChoice, build_index
from .stamps import ProjectStamp

log = logging.getLogger(__name__)

#: a query word of this many letters or more may match inside a word or with a typo;
#: a shorter one only as the start of a word ("rest" must not find "interest")
LONG_WORD = 5
TYPO_SCORE = 85  # rapidfuzz.fuzz.ratio: "vertebroplasy" scores 96 against "vertebroplasty"
SUGGEST_SCORE = 50  # rapidfuzz.fuzz.WRatio: below this a title is no help ("zzzz" finds none)
#: scripts written without spaces between words: a query in them matches anywhere
UNSPACED = frozenset({"CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR",
                      "TIBETAN", "HANGUL"})
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lower case without accents, full width as ASCII, so "vertebro", "Vértebro",
    "VERTEBRO" and "ＶＥＲＴＥＢＲＯ" all match; Hangul is recomposed after."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


@dataclass(frozen=True)
class _Haystack:
    fields: tuple[str, ...]  # folded: the titles in every language, name, ID, keywords
    text: str  # the fields, a line each
    words: frozenset[str]  # each field's words, split at spaces and at punctuation
    spelled: tuple[str, ...]  # the words of letters only: those a typo is forgiven in


@lru_cache(maxsize=1024)
def _haystack(fields: tuple[str, ...]) -> _Haystack:
    folded = tuple(_fold(f) for f in fields)
    text = "\n".join(folded)
    words = frozenset((*text.split(), *_WORD.findall(text)))
    return _Haystack(folded, text, words, tuple(sorted(w for w in words if w.isalpha())))


def _haystack_of(entry: HandoutEntry) -> _Haystack:
    return _haystack((entry.title, *entry.titles, entry.meta.name, entry.meta.id,
                      *entry.meta.keywords))


def _query_words(query: str) -> list[str]:
    """The query's words, folded, without punctuation around them ("spine," is "spine")."""
    stripped = (word.strip("\"'“”‘’«»„.,;:!?()[]{}") for word in _fold(query).split())
    return [word for word in stripped if word]


def _unspaced(word: str) -> bool:
    return any(unicodedata.name(c, "").partition(" ")[0] in UNSPACED for c in word)


def _matches(word: str, hay: _Haystack) -> bool:
    """A word of the query is in the handout: anywhere for a word of a script without
    spaces or a long word, at the start of a word otherwise, or with a typo if it is a long
    word of letters ("tst-001" is not "tst-002")."""
    if _unspaced(word) or (len(word) >= LONG_WORD and word in hay.text):
        return word in hay.text
    if any(w.startswith(word) for w in hay.words):
        return True
    return len(word) >= LONG_WORD and word.isalpha() and process.extractOne(
        word, hay.spelled, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE) is not None


class _Lookup:
    """One index's words, sorted, with the handouts they belong to: a word of the query
    is found by bisection and one rapidfuzz call, so a search costs about the same at 3
    handouts and at 300 (bench/library_bench.py). Same matches as ``_matches``."""

    def __init__(self, entries: Sequence[HandoutEntry]) -> None:
        self.hays = [_haystack_of(e) for e in entries]
        pairs = sorted({(w, i) for i, hay in enumerate(self.hays) for w in hay.words})
        self.words = [w for w, _ in pairs]
        self.owners = [i for _, i in pairs]
        self.spelled = sorted({w for hay in self.hays for w in hay.spelled})
        self.spelled_owners: dict[str, set[int]] = {}
        for i, hay in enumerate(self.hays):
            for w in hay.spelled:
                self.spelled_owners.setdefault(w, set()).add(i)

    def starting(self, prefix: str) -> set[int]:
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        return set(self.owners[low:high])

    def matching(self, word: str) -> set[int]:
        """The handouts (positions) a word of the query is in; see ``_matches``."""
        inside = {i for i, hay in enumerate(self.hays) if word in hay.text} \
            if _unspaced(word) or len(word) >= LONG_WORD else set()
        if _unspaced(word):
            return inside
        found = inside | self.starting(word)
        if len(word) >= LONG_WORD and word.isalpha():
            for typo, _, _ in process.extract(word, self.spelled, scorer=fuzz.ratio,
                                              score_cutoff=TYPO_SCORE, limit=None):
                found |= self.spelled_owners[typo]
        return found


_LOOKUPS: dict[int, tuple[Sequence[HandoutEntry], _Lookup]] = {}
_LOOKUPS_LOCK = threading.Lock()


def _lookup(entries: Sequence[HandoutEntry]) -> _Lookup:
    """The lookup of this very sequence of entries (an index's), made once."""
    with _LOOKUPS_LOCK:
        kept = _LOOKUPS.get(id(entries))
        if kept is not None and kept[0] is entries:
            return kept[1]
    made = _Lookup(entries)
    with _LOOKUPS_LOCK:
        _LOOKUPS.clear()  # the previous index's: it is not searched any more
        _LOOKUPS[id(entries)] = (entries, made)
    return made


def search(entries: Sequence[HandoutEntry], query: str) -> list[HandoutEntry]:
    """Handouts whose titles (in any language), name, ID or keywords have every word of
    the query: case, accents and width ignored, a typo forgiven in a long word."""
    words = _query_words(query)
    if not words:
        return list(entries)
    lookup = _lookup(entries)
    found = set.intersection(*(lookup.matching(w) for w in words))
    return [entries[i] for i in sorted(found)]


def named_language(entries: Sequence[HandoutEntry], query: str) -> LocaleChoice | None:
    """The language a query names, in English, in its own words or by code ("Spanish",
    "español", "es"): staff look for "Spanish" handouts; every handout lists the same."""
    folded = _fold(query.strip())
    return next((loc for loc in (entries[0].locales if entries and folded else ())
                 if folded in (_fold(loc.code), _fold(loc.name), _fold(loc.english_name))),
                None)


def suggest(entries: Sequence[HandoutEntry], query: str, limit: int = 3) -> list[HandoutEntry]:
    """For a search that found nothing: the handouts whose title, name or a keyword (in
    any language) come closest to the query, best first."""
    folded = " ".join(_query_words(query))
    if not folded:
        return []
    owners = [(field, entry) for entry in entries for field in _haystack_of(entry).fields]
    found = process.extract(folded, [field for field, _ in owners], scorer=fuzz.WRatio,
                            limit=None, score_cutoff=SUGGEST_SCORE)
    best: list[HandoutEntry] = []
    for _, _, position in found:  # best first
        entry = owners[position][1]
        if all(entry is not other for other in best):
            best.append(entry)
    return best[:limit]


class IndexCache:
    """The index, rebuilt only when the project's files or the day change (thread-safe).

    A small library is rebuilt inside the request that notices the change (an
    edit shows on the next page). Once a build has taken longer than
    ``BACKGROUND_AFTER`` seconds (hundreds of handouts), a change is rebuilt in a
    background thread and requests keep the last index meanwhile: a file change
    never stalls the front desk.
    """

    BACKGROUND_AFTER = 0.5

    def __init__(self, stamp: ProjectStamp, today: Callable[[], dt.date]) -> None:
        self.stamp = stamp
        self.today = today
        self._lock = threading.Lock()
        self._key: tuple[object, ...] = ()
        self._index = Index((), ())
        self._cost = 0.0  # seconds the last build took
        self._rebuilding = False

    def index(self) -> Index:
        today = self.today()
        key = (today, self.stamp.current())
        with self._lock:  # one rebuild at a time; the others wait for it, or not at all
            if key == self._key:
                return self._index
            if self._key and self._cost > self.BACKGROUND_AFTER:
                if not self._rebuilding:
                    self._rebuilding = True
                    threading.Thread(target=self._rebuild, args=(key, today),
                                     name="index-rebuild", daemon=True).start()
                return self._index
            self._build(key, today)
            return self._index

    def _make(self, today: dt.date) -> tuple[Index, float]:
        started = time.perf_counter()
        index = build_index(self.stamp.project_dir, today)
        for problem in index.broken:
            log.warning("handout left off the page: %s", problem.message)
        return index, time.perf_counter() - started

    def _build(self, key: tuple[object, ...], today: dt.date) -> None:
        self._index, self._cost = self._make(today)
        self._key = key

    def _rebuild(self, key: tuple[object, ...], today: dt.date) -> None:
        """In the background: build, then swap the new index in whole."""
        try:
            index, cost = self._make(today)
            with self._lock:
                self._index, self._key, self._cost = index, key, cost
        except Exception:  # noqa: BLE001 (the old index stays; the next change tries again)
            log.exception("could not rebuild the handout index; the last one stays in use")
        finally:
            with self._lock:
                self._rebuilding = False

    def entries(self) -> tuple[HandoutEntry, ...]:
        """The index's entries: the same tuple until the index is rebuilt (search's
        lookup is made once per tuple)."""
        return self.index().entries

    def find(self, ref: str) -> HandoutEntry | None:
        wanted = ref.strip().lower()
        return next((e for e in self.entries()
                     if wanted in (e.meta.name.lower(), e.meta.id.lower())), None)


class LocaleResolver:
    """``negotiate`` with a memo: Babel's parsing costs more than serving a cached PDF.

    The memo is dropped whenever the project's files change, and is bounded,
    since the requested strings come from the network.
    """

    MAX_REMEMBERED = 256

    def __init__(self, stamp: ProjectStamp) -> None:
        self.stamp = stamp
        self._lock = threading.Lock()
        self._key: object = None
        self._available: dict[str, LocaleSettings] = {}
        self._broken: dict[str, TranslationError] = {}
        self._resolved: dict[str, LocaleSettings] = {}

    def resolve(self, requested: str) -> LocaleSettings:
        """The shipped locale a request means ("es-MX" -> es); UnknownLocaleError if none."""
        key = self.stamp.current()
        with self._lock:
            if key != self._key:
                self._available = available_locales(self.stamp.project_dir / "locales")
                self._broken = broken_locales(self.stamp.project_dir / "locales")
                self._resolved.clear()
                self._key = key
            found = self._resolved.get(requested)
            available, broken = self._available, self._broken
        if found is None:
            found = negotiate(requested, available, broken)
            with self._lock:
                if len(self._resolved) >= self.MAX_REMEMBERED:
                    self._resolved.clear()
                self._resolved[requested] = found
        return found
