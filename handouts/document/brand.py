"""Stage 1: load the organization's brand, ``brand/brand.toml``, which IT edits once.

Name, logo, address, copyright, the ownership line, disclaimer and notice,
colours and paper size.  The three sentences (ownership, disclaimer, notice)
are translated like handout text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import BrandError
from ..options import PAPER_SIZES
from .handout import toml_error

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


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
    logo_alt: str = ""  # the logo's alternative text, read out by screen readers

    @property
    def protected_terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.copyright_holder, *self.keep_as_is)))


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
        logo_alt=_logo_alt(org, path),
    )


def _logo_alt(org: dict[str, Any], path: Path) -> str:
    """What a screen reader says for the logo: `logo_alt`, or the organization's name."""
    value = org.get("logo_alt", org.get("name", ""))
    if not isinstance(value, str):
        raise BrandError(f"logo_alt = {value!r} must be text, e.g. \"Riverside Clinic logo\".",
                         path=path, field="organization.logo_alt")
    return normalize_brand_text(value)


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
