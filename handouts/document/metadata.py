"""Stage 1: check a handout's metadata, naming the line of every mistake.

The metadata is TOML at the top of the handout file (``{#--- ... ---#}`` in a
``.xml.j2`` template, ``+++ ... +++`` in a ``.md`` one).  ``tomllib`` keeps no
positions, so :class:`KeyLines` reads them from the text: each key's line in
its table, so "`version` must be text" names the line to fix, and an unknown
key (a typo) is refused with the nearest key that exists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError

ID_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{3,4}$")
#: Every key the metadata may set, with an example (shown when one is wrong).
KEYS = {"id": 'id = "SPN-001"', "version": 'version = "1.0"',
        "keywords": 'keywords = ["spine", "back pain"]', "written": "written = 2026-11-23",
        "review": '[review] with status = "pending"'}
REVIEW_KEYS = {"status": 'status = "reviewed"', "by": 'by = "A. Name, MD"',
               "date": "date = 2026-11-23",
               "fingerprint": 'fingerprint = "..." (written by `generate.py clinical-review`)'}
REVIEW_STATUSES = ("pending", "reviewed")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")
_CLOSERS = ("---#}", "+++")


class KeyLines:
    """Where each metadata key is set in the file: (table, key) -> line number."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str, str], int] = {}
        self.last = 1
        table = ""
        for number, line in enumerate(text.splitlines()[1:], start=2):
            if line.strip() in _CLOSERS:
                break
            self.last = number
            if found := _TABLE.match(line):
                table = _bare(found.group(1))
                self.lines.setdefault(("", table), number)
            elif found := _KEY.match(line):
                parts = [_bare(part) for part in found.group(1).split(".")]
                self.lines.setdefault((table, ".".join(parts)), number)
                if not table and len(parts) == 2:  # review.date = ... at the top level
                    self.lines.setdefault((parts[0], parts[1]), number)

    def line(self, key: str, table: str = "") -> int:
        """The key's line; else its table's; else the block's first line."""
        return self.lines.get((table, key)) or self.lines.get(("", table)) or 1


def _bare(name: str) -> str:
    return name.strip().strip("\"'")


def key_line(path: Path, key: str, table: str = "") -> int:
    """The line of ``path`` where a metadata key is set (1 when it is not found)."""
    try:
        return KeyLines(path.read_text(encoding="utf-8")).line(key, table)
    except (OSError, UnicodeDecodeError):
        return 1


@dataclass(frozen=True)
class Metadata:
    """The metadata, checked."""

    id: str
    version: str
    keywords: tuple[str, ...]
    review_status: str
    reviewed_on: dt.date | None
    reviewed_by: str
    written: dt.date | None
    review_fingerprint: str = ""  # of the text the clinician signed off (clinical.py)


def _kind(value: object) -> str:
    """What a TOML value is, in an author's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date and time"
    names = {str: "text", int: "a number", float: "a number", dt.date: "a date",
             dt.time: "a time", list: "a list", dict: "a table"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a value")


class _Checker:
    def __init__(self, path: Path, text: str, today: dt.date) -> None:
        self.path = path
        self.where = KeyLines(text)
        self.today = today

    def fail(self, message: str, key: str, table: str = "", hint: str = "") -> ContentError:
        return ContentError(message, path=self.path, line=self.where.line(key, table),
                            hint=hint)

    def unknown_keys(self, data: dict[str, Any], known: dict[str, str], table: str) -> None:
        for key in data:
            if key in known:
                continue
            what = f"a key of [{table}]" if table else "a metadata key"
            from difflib import get_close_matches  # here: only a mistake needs it

            close = get_close_matches(key, list(known), n=1, cutoff=0.6)
            if close:
                advice = f"did you mean `{close[0]}`?"
            elif not table and key in REVIEW_KEYS:
                advice = f"it belongs under [review], as in `[review]` then `{key} = ...`."
            else:
                advice = f"the keys are {', '.join(f'`{k}`' for k in known)}."
            raise self.fail(f"`{key}` is not {what}; {advice}", key, table)

    def text(self, data: dict[str, Any], key: str, table: str = "", *,
             required: bool = True) -> str:
        value = data.get(key)
        label = f"{table}.{key}" if table else key
        example = (REVIEW_KEYS if table else KEYS)[key]
        if value is None:
            if not required:
                return ""
            raise self.fail(f"the metadata needs `{label}` (e.g. {example}); the metadata "
                            f"block ends at line {self.where.last + 1}.", key, table)
        if not isinstance(value, str) or not value.strip():
            shown = "empty text" if isinstance(value, str) else _kind(value)
            raise self.fail(f"`{label}` must be text in quotes, e.g. {example}, not {shown}.",
                            key, table)
        return value.strip()

    def date(self, data: dict[str, Any], key: str, table: str = "") -> dt.date | None:
        value = data.get(key)
        label = f"{table}.{key}" if table else key
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(f"`{label}` must be a date written YYYY-MM-DD without quotes, e.g. "
                            f"{key} = 2026-11-23, not {_kind(value)}.", key, table)
        if value > self.today:
            raise self.fail(f"`{label} = {value.isoformat()}` is in the future (today is "
                            f"{self.today.isoformat()}); write the date it happened.",
                            key, table)
        return value

    def keywords(self, data: dict[str, Any]) -> tuple[str, ...]:
        """Search words: a list of strings (a bare string would search for its letters)."""
        value = data.get("keywords", [])
        if not isinstance(value, list) or not all(isinstance(k, str) and k.strip()
                                                  for k in value):
            raise self.fail(f"`keywords = {value!r}` must be a list of words, e.g. "
                            f"{KEYS['keywords']}.", "keywords")
        return tuple(k.strip() for k in value)

    def review(self, data: dict[str, Any]) -> tuple[str, dt.date | None, str, str]:
        review = data.get("review", {})
        if not isinstance(review, dict):
            raise self.fail(f"`review` must be a table: a line [review], then "
                            f"{REVIEW_KEYS['status']} on the next line, not {_kind(review)}.",
                            "review")
        self.unknown_keys(review, REVIEW_KEYS, "review")
        status = self.text(review, "status", "review", required=False) or "pending"
        if status not in REVIEW_STATUSES:
            raise self.fail(f"`review.status` is {status!r}; use \"pending\" or \"reviewed\".",
                            "status", "review")
        by = self.text(review, "by", "review", required=False)
        date = self.date(review, "date", "review")
        if status == "reviewed" and not (date and by):
            raise self.fail("a reviewed handout needs `date` (YYYY-MM-DD) and `by` under "
                            "[review].", "status", "review")
        return status, date, by, self.text(review, "fingerprint", "review", required=False)


def check_metadata(data: dict[str, Any], path: Path, text: str,
                   today: dt.date | None = None) -> Metadata:
    """Check the parsed metadata of the file ``path`` (whose text is ``text``)."""
    check = _Checker(path, text, today or dt.date.today())
    check.unknown_keys(data, KEYS, "")
    doc_id = check.text(data, "id")
    if not ID_PATTERN.match(doc_id):
        raise check.fail(f"`id = {doc_id!r}` should look like \"SPN-001\": 2 to 5 capital "
                         f"letters, a hyphen and 3 or 4 digits.", "id")
    version = check.text(data, "version")
    keywords = check.keywords(data)
    written = check.date(data, "written")
    status, reviewed_on, reviewed_by, fingerprint = check.review(data)
    return Metadata(doc_id, version, keywords, status, reviewed_on, reviewed_by, written,
                    fingerprint)
