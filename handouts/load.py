"""Stage 1: load the handout's metadata and the organization's brand.

A handout is one Jinja2 template in ``templates/handouts/<name>.xml.j2``.  Its
metadata is TOML inside a Jinja comment at the very top, so the file stays
one file for its author, Jinja ignores it and ``pybabel extract`` skips it::

    {#---
    id = "SPN-001"
    version = "1.0"
    ...
    ---#}

The brand is ``brand/brand.toml``, which the organization edits.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import BrandError, ContentError, UnknownHandoutError

HANDOUT_SUFFIX = ".xml.j2"
_FRONT_MATTER = re.compile(r"\A\{#---\n(?P<toml>.*?)\n---#\}", re.DOTALL)
_ID_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{3,4}$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
PAPER_SIZES = ("letter", "a4", "legal")
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


@dataclass(frozen=True)
class Brand:
    """The organization's identity, printed on every page."""

    name: str
    address: tuple[str, ...]
    phone: str
    logo: Path | None
    copyright_holder: str
    copyright_year: int
    ownership: str
    disclaimer: str
    notice: str
    primary_color: str
    accent_color: str
    paper: str
    path: Path
    keep_as_is: tuple[str, ...] = ()  # names a translation must not change

    @property
    def protected_terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.copyright_holder, *self.keep_as_is)))


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
        keywords=tuple(str(k) for k in data.get("keywords", ())),
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


BRAND_TEXTS = ("ownership", "disclaimer", "notice")  # translated like the handouts


def normalize_brand_text(text: str) -> str:
    """One line, single spaces: the form used as the msgid in catalogs."""
    return " ".join(text.split())


def _text(data: dict[str, Any], section: str, key: str, path: Path) -> str:
    value = data.get(section, {}).get(key)
    if not isinstance(value, str) or not value.strip():
        raise BrandError(f"`{key}` is missing from the [{section}] table; every printout needs it.",
                         path=path, field=f"{section}.{key}")
    return normalize_brand_text(value)


def _color(data: dict[str, Any], key: str, default: str, path: Path) -> str:
    value = data.get("colors", {}).get(key, default)
    if not isinstance(value, str) or not _COLOR.match(value):
        raise BrandError(f"colors.{key} = {value!r} is not a colour like \"#1F3A5F\".",
                         path=path, field=f"colors.{key}")
    return value


def _brand_from_data(data: dict[str, Any], path: Path) -> Brand:
    org = data.get("organization", {})
    address = org.get("address")
    if not isinstance(address, list) or not address or not all(isinstance(a, str) for a in address):
        raise BrandError("`address` in [organization] must be a list of lines, "
                         'e.g. ["900 23rd Street, NW", "Washington, DC 20037"].',
                         path=path, field="organization.address")
    year = data.get("copyright", {}).get("year")
    if not isinstance(year, int):
        raise BrandError("`year` is missing from the [copyright] table (a number, e.g. 2015).",
                         path=path, field="copyright.year")
    logo = org.get("logo")
    logo_path = (path.parent / logo) if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise BrandError(f"the logo file {logo_path} does not exist.", path=path,
                         field="organization.logo")
    paper = str(data.get("print", {}).get("paper", "letter")).lower()
    if paper not in PAPER_SIZES:
        raise BrandError(f"paper = {paper!r}; use one of {', '.join(PAPER_SIZES)}.",
                         path=path, field="print.paper")
    return Brand(
        name=_text(data, "organization", "name", path),
        address=tuple(a.strip() for a in address),
        phone=str(org.get("phone", "")),
        logo=logo_path,
        copyright_holder=_text(data, "copyright", "holder", path),
        copyright_year=year,
        ownership=_text(data, "texts", "ownership", path),
        disclaimer=_text(data, "texts", "disclaimer", path),
        notice=_text(data, "texts", "notice", path),
        primary_color=_color(data, "primary", "#1F3A5F", path),
        accent_color=_color(data, "accent", "#A4262C", path),
        paper=paper,
        path=path,
        keep_as_is=tuple(str(t) for t in data.get("texts", {}).get("keep_as_is", ())),
    )


@lru_cache(maxsize=8)
def _load_brand_cached(path: Path, mtime_ns: int) -> Brand:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        raise BrandError(f"line {line}: not valid TOML: {message}", path=path) from None
    return _brand_from_data(data, path)


def load_brand(path: Path) -> Brand:
    """Read and check the brand file (cached until the file changes)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise BrandError("the brand file does not exist.", path=path) from None
    return _load_brand_cached(path, mtime)
