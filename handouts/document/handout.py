"""Stage 1: load a handout's metadata (the organization's brand is in ``brand.py``).

A handout is one Jinja2 template in ``templates/handouts/<name>.xml.j2``.  Its
metadata is TOML inside a Jinja comment at the very top, so the file stays
one file for its author, Jinja ignores it and ``pybabel extract`` skips it::

    {#---
    id = "SPN-001"
    version = "1.0"
    ...
    ---#}
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, UnknownHandoutError

HANDOUT_SUFFIX = ".xml.j2"
_FRONT_MATTER = re.compile(r"\A\{#---\n(?P<toml>.*?)\n---#\}", re.DOTALL)
_ID_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{3,4}$")
REVIEW_INTERVAL_DAYS = 730  # re-review every 24 months, as Krames does


@dataclass(frozen=True)
class HandoutMeta:
    """What a handout says about itself, before any rendering."""

    name: str  # file stem, used on the command line: "vertebroplasty"
    id: str  # document ID printed on paper: "SPN-001"
    version: str
    keywords: tuple[str, ...]
    review_status: str  # "pending" or "reviewed"
    reviewed_on: dt.date | None
    reviewed_by: str
    path: Path

    @property
    def template_name(self) -> str:
        return f"handouts/{self.path.name}"

    @property
    def reviewed(self) -> bool:
        return self.review_status == "reviewed"

    def review_overdue(self, today: dt.date) -> bool:
        if self.reviewed_on is None:
            return False
        return (today - self.reviewed_on).days > REVIEW_INTERVAL_DAYS


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int]:
    """Message and line number of a TOML error (Python 3.11 keeps them in the text)."""
    text = str(exc)
    found = re.search(r"\(at line (\d+), column \d+\)", text)
    return text.split(" (at line")[0], int(found.group(1)) if found else 1


def _parse_front_matter(path: Path, text: str) -> dict[str, Any]:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError("the file must start with a metadata block `{#--- ... ---#}`.",
                           path=path, line=1)
    try:
        return tomllib.loads(match.group("toml"))
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        raise ContentError(f"the metadata block is not valid TOML: {message}",
                           path=path, line=line + 1) from None


def _require(data: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or value == "":
        raise ContentError(f"the metadata needs `{key}` ({kind.__name__}).", path=path, line=2)
    return value


def _keywords(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """Search words: a list of strings (a bare string would search for its letters)."""
    value = data.get("keywords", [])
    if not isinstance(value, list) or not all(isinstance(k, str) and k.strip() for k in value):
        raise ContentError(f"`keywords = {value!r}` must be a list of words, e.g. "
                           f'keywords = ["spine", "back pain"].', path=path,
                           line=_key_line(path, "keywords"))
    return tuple(k.strip() for k in value)


def _key_line(path: Path, key: str) -> int:
    """The file's line where the metadata key is set (for messages), else 2."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(f"{key} ") or line.strip().startswith(f"{key}="):
            return number
        if line.startswith("---#}"):
            break
    return 2


def read_handout_meta(path: Path) -> HandoutMeta:
    """Read one handout's metadata block; raise ContentError naming the file."""
    data = _parse_front_matter(path, path.read_text(encoding="utf-8"))
    doc_id = _require(data, "id", str, path)
    if not _ID_PATTERN.match(doc_id):
        raise ContentError(f"`id = {doc_id!r}` should look like \"SPN-001\".", path=path, line=2)
    review = data.get("review", {})
    status = review.get("status", "pending")
    if status not in ("pending", "reviewed"):
        raise ContentError(f"`review.status` is {status!r}; use \"pending\" or \"reviewed\".",
                           path=path, line=2)
    reviewed_on = review.get("date")
    if status == "reviewed" and not (isinstance(reviewed_on, dt.date) and review.get("by")):
        raise ContentError("a reviewed handout needs `review.date` (YYYY-MM-DD) and `review.by`.",
                           path=path, line=2)
    return HandoutMeta(
        name=path.name.removesuffix(HANDOUT_SUFFIX),
        id=doc_id,
        version=str(_require(data, "version", str, path)),
        keywords=_keywords(data, path),
        review_status=status,
        reviewed_on=reviewed_on if isinstance(reviewed_on, dt.date) else None,
        reviewed_by=str(review.get("by", "")),
        path=path,
    )


def discover_handouts(templates_dir: Path,
                      broken: list[ContentError] | None = None) -> dict[str, HandoutMeta]:
    """Every handout under ``templates/handouts``, by name, sorted.

    With a ``broken`` list, a handout whose metadata is wrong is reported
    there and skipped, so one mistake does not hide every other handout.
    """
    folder = templates_dir / "handouts"
    found = {}
    for path in sorted(folder.glob(f"*{HANDOUT_SUFFIX}")) if folder.is_dir() else []:
        try:
            meta = read_handout_meta(path)
        except ContentError as exc:
            if broken is None:
                raise
            broken.append(exc)
            continue
        found[meta.name] = meta
    return found


def find_handout(requested: str, templates_dir: Path) -> HandoutMeta:
    """Find a handout by file name ("vertebroplasty") or document ID ("SPN-001")."""
    wanted = requested.strip().lower()
    direct = templates_dir / "handouts" / f"{wanted}{HANDOUT_SUFFIX}"
    if "/" not in wanted and direct.is_file():
        return read_handout_meta(direct)  # its own errors are the user's to see
    handouts = discover_handouts(templates_dir, broken=[])
    for meta in handouts.values():
        if wanted in (meta.name.lower(), meta.id.lower()):
            return meta
    raise UnknownHandoutError(requested, list(handouts))
