"""Stage 1: load a handout's metadata (the organization's brand is in ``brand.py``).

A handout is one Jinja2 template in ``templates/handouts/<name>.xml.j2``.  Its
metadata is TOML inside a Jinja comment at the very top, so the file stays
one file for its author, Jinja ignores it and ``pybabel extract`` skips it::

    {#---
    id = "SPN-001"
    version = "1.0"
    ...
    ---#}

A handout may instead be written in the authoring format (AUTHORING.md),
``templates/handouts/<name>.md``, with its metadata between two ``+++`` lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, DuplicateHandoutError, UnknownHandoutError
from ..project import HANDOUT_SUFFIXES, SHARED_CATALOG, handout_name, read_text
from .duplicates import duplicates
from .metadata import check_metadata

HANDOUT_SUFFIX = ".xml.j2"
_FRONT_MATTER = re.compile(r"\A\{#---\n(?P<toml>.*?)\n---#\}", re.DOTALL)
_MD_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(?P<toml>(?:.*\n)*?)\+\+\+[ \t]*$", re.M)
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
    review_fingerprint: str = ""  # of the text the clinician signed off, as recorded
    text_fingerprint: str = ""  # of the text now (text_fingerprint())
    written: dt.date | None = None  # when this version was written (metadata `written`)

    @property
    def template_name(self) -> str:
        return f"handouts/{self.path.name}"

    @property
    def review_state(self) -> str:
        """"reviewed": signed off, the text unchanged since; "changed-since-review": the
        text changed after the sign-off (or it was typed in by hand, not recorded with
        `generate.py clinical-review`, so nothing ties it to a text); else "pending"."""
        if self.review_status != "reviewed":
            return "pending"
        if self.review_fingerprint and self.review_fingerprint == self.text_fingerprint:
            return "reviewed"
        return "changed-since-review"

    @property
    def reviewed(self) -> bool:
        """A clinician signed off exactly the text the handout has now."""
        return self.review_state == "reviewed"

    def review_overdue(self, today: dt.date) -> bool:
        if not self.reviewed or self.reviewed_on is None:
            return False
        return (today - self.reviewed_on).days > REVIEW_INTERVAL_DAYS


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int]:
    """Message and line number of a TOML error (Python 3.11 keeps them in the text)."""
    text = str(exc)
    found = re.search(r"\(at line (\d+), column \d+\)", text)
    return text.split(" (at line")[0], int(found.group(1)) if found else 1


def _front_matter(path: Path, text: str) -> re.Match[str] | None:
    """The metadata block, in the file's format: `+++` lines (.md) or `{#--- ---#}`."""
    return (_MD_FRONT_MATTER if path.suffix == ".md" else _FRONT_MATTER).match(text)


def text_fingerprint(path: Path, text: str) -> str:
    """What a clinical review signs off: the handout's text after its metadata, in NFC
    with runs of white space as one space (re-wrapping a paragraph, or saving with
    Windows line ends, changes nothing; any change to a word does)."""
    match = _front_matter(path, text)
    body = text[match.end() if match else 0:]
    plain = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:16]


def metadata_span(path: Path, text: str) -> tuple[int, int] | None:
    """Where the TOML inside the metadata block starts and ends, or None without one (the
    block's last line break is inside it in the authoring format, outside in XML)."""
    match = _front_matter(path, text)
    return match.span("toml") if match else None


def _parse_front_matter(path: Path, text: str) -> dict[str, Any]:
    markdown = path.suffix == ".md"  # the authoring format: `+++` ... `+++`
    match = _front_matter(path, text)
    if not match:
        opening = "+++" if markdown else "{#---"
        closing = "+++" if markdown else "---#}"
        if text.lstrip("\ufeff").startswith(opening):
            raise ContentError("the metadata block opened on line 1 is never closed.",
                               path=path, line=1,
                               hint=f"add a line `{closing}` after the last metadata line "
                                    f"(before the title).")
        block = "between two `+++` lines" if markdown else "`{#--- ... ---#}`"
        raise ContentError(f"the file must start with a metadata block {block}.",
                           path=path, line=1)
    try:
        return tomllib.loads(match.group("toml"))
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        lines = match.group("toml").split("\n")
        known = "(at line" in str(exc) and 0 < line <= len(lines)  # not "end of document"
        shown = lines[line - 1].strip() if known else ""
        raise ContentError(f"the metadata block is not valid TOML: {message}"
                           + (f": {shown[:60]!r}" if shown else ""),
                           path=path, line=line + 1, hint=_toml_hint(shown)) from None


#: A value TOML cannot read, as people write it: a date with slashes or dots.
_LOOSE_DATE = re.compile(r"=\s*\d{1,4}[/.]\d{1,2}[/.]\d{1,4}\s*(#.*)?$")


def _toml_hint(line: str) -> str:
    """What to write instead, for the mistakes people make in a metadata line."""
    if _LOOSE_DATE.search(line):
        return "write a date as year-month-day without quotes, e.g. written = 2026-11-23."
    if "=" in line and not line.split("=", 1)[1].strip():
        return "give the key a value after `=`, or delete the line."
    return ""  # ContentError then says: fix the file at that line


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def check_name(path: Path) -> str:
    """The handout's name, which is also its catalogs' file name and gettext domain."""
    name = handout_name(path)
    if name.casefold() == SHARED_CATALOG:
        raise ContentError(f'"{name}" cannot be a handout\'s name: it is the name of the '
                           f"catalog of texts every handout shares.", path=path,
                           hint="rename the file, for example to shared-decision.md.")
    if not _NAME.fullmatch(name):
        raise ContentError(f'"{name}" cannot be a handout\'s name: use letters, digits, '
                           f'"-" and "_" only (it names the handout\'s translation files).',
                           path=path, hint="rename the file, for example to my-handout.md.")
    return name


def read_handout_meta(path: Path) -> HandoutMeta:
    """Read one handout's metadata block; raise ContentError naming the file."""
    return handout_meta(path, read_text(path, lambda why: ContentError(why, path=path)))


def handout_meta(path: Path, text: str) -> HandoutMeta:
    """The metadata of the handout file ``path`` whose text is ``text``."""
    name = check_name(path)
    checked = check_metadata(_parse_front_matter(path, text), path, text)  # lines in errors
    return HandoutMeta(
        name=name,
        id=checked.id,
        version=checked.version,
        keywords=checked.keywords,
        review_status=checked.review_status,
        reviewed_on=checked.reviewed_on,
        reviewed_by=checked.reviewed_by,
        path=path,
        review_fingerprint=checked.review_fingerprint,
        text_fingerprint=text_fingerprint(path, text),
        written=checked.written,
    )


def discover_handouts(templates_dir: Path,
                      broken: list[ContentError] | None = None) -> dict[str, HandoutMeta]:
    """Every handout under ``templates/handouts``, by name, sorted.

    With a ``broken`` list, a handout whose metadata is wrong is reported
    there and skipped, so one mistake does not hide every other handout; so
    are two handouts that share a name or an ID, case ignored (both skipped).
    """
    folder = templates_dir / "handouts"
    found: list[HandoutMeta] = []
    paths = [p for suffix in HANDOUT_SUFFIXES for p in folder.glob(f"*{suffix}")]
    for path in sorted(paths) if folder.is_dir() else []:
        try:
            meta = read_handout_meta(path)
        except ContentError as exc:
            if broken is None:
                raise
            broken.append(exc)
            continue
        found.append(meta)
    clashes = duplicates(found)
    if clashes and broken is None:
        raise clashes[0]
    if broken is not None:
        broken.extend(clashes)
    refused = {path for clash in clashes for path in clash.paths}
    return {meta.name: meta for meta in found if meta.path not in refused}


def refusal_for(requested: str, broken: Sequence[ContentError]) -> ContentError | None:
    """The error of the broken handout (or pair of duplicates) a name or ID asks for."""
    wanted = requested.strip().casefold()
    for error in broken:
        keys = error.keys if isinstance(error, DuplicateHandoutError) else (
            handout_name(error.path).casefold(),
            *(key.casefold() for key in getattr(error, "handouts", ())))
        if wanted in keys:
            return error
    return None


def find_handout(requested: str, templates_dir: Path) -> HandoutMeta:
    """Find a handout by file name ("vertebroplasty") or document ID ("SPN-001")."""
    wanted = requested.strip().casefold()
    broken: list[ContentError] = []
    handouts = discover_handouts(templates_dir, broken)  # the whole library: IDs are unique
    for meta in handouts.values():
        if wanted in (meta.name.casefold(), meta.id.casefold()):
            return meta
    refusal = refusal_for(requested, broken)
    if refusal is not None:
        raise refusal  # its own errors (or both duplicates) are the user's to see
    raise UnknownHandoutError(requested, list(handouts))
