"""Stage 1: load the organization's brand, ``brand/brand.toml``, which IT edits once.

Name, logo, address, the daytime and after-hours phone numbers, copyright,
the ownership line, disclaimer and notice, colours and paper size.  The three
sentences (ownership, disclaimer, notice) are translated like handout text.

A phone number is never made up: while IT has left one empty, a handout prints
a blank line for the care team to write it on, and ``--list``, the web page
and ``/healthz`` say so (:attr:`Brand.notices`).
"""

from __future__ import annotations

import re
import tomllib
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import BrandError
from ..options import PAPER_SIZES
from ..project import read_text
from .handout import toml_error

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")

#: Printed in place of a phone number IT has not set: a line to write the number on.
WRITE_ON_LINE = "_" * 20
#: The phone fields in [organization], and what each is for.
PHONE_FIELDS = {"phone_day": "daytime", "phone_after_hours": "nights and weekends"}
_PHONE_MAX = 40  # one short line: a number, perhaps an extension


@dataclass(frozen=True)
class Brand:
    """The organization's identity, printed on every page."""

    name: str
    address: tuple[str, ...]
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
    # The numbers as IT wrote them; "" while not set (never a made-up number).
    phone_day_number: str = ""
    phone_after_hours_number: str = ""
    legacy_phone: bool = False  # the number came from the old single `phone` field

    @property
    def protected_terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.copyright_holder, *self.keep_as_is)))

    @property
    def phone_day(self) -> str:
        """The daytime number as printed: IT's number, or a line to write it on."""
        return self.phone_day_number or WRITE_ON_LINE

    @property
    def phone_after_hours(self) -> str:
        """The nights-and-weekends number as printed: IT's number, or a line to write it on."""
        return self.phone_after_hours_number or WRITE_ON_LINE

    @property
    def missing_phones(self) -> tuple[str, ...]:
        """The phone fields IT has left empty, e.g. ("phone_day", "phone_after_hours")."""
        numbers = {"phone_day": self.phone_day_number,
                   "phone_after_hours": self.phone_after_hours_number}
        return tuple(key for key in PHONE_FIELDS if not numbers[key])

    @property
    def notices(self) -> tuple[str, ...]:
        """One line each for IT: settings that print, but not as they should."""
        found: list[str] = []
        missing = self.missing_phones
        if missing:
            what = "" if len(missing) == 2 else f"{PHONE_FIELDS[missing[0]]} "
            fields = " and ".join(f"`{key}`" for key in missing)
            verb = "is" if len(missing) == 1 else "are"
            found.append(f"No {what}phone number is set: {fields} {verb} empty in "
                         f"[organization] of {self.path.name}. Handouts print a blank line "
                         "for the care team to write the number on.")
        if self.legacy_phone:
            found.append(f"`phone` in [organization] of {self.path.name} is printed as the "
                         "daytime number; rename it to `phone_day` and set `phone_after_hours`.")
        return tuple(found)


BRAND_TEXTS = ("ownership", "disclaimer", "notice")  # translated like the handouts


def normalize_brand_text(text: str) -> str:
    """One line, single spaces: the form used as the msgid in catalogs."""
    return " ".join(text.split())


#: Longest brand texts, in characters. The name, holder and notice print in the footer of
#: every page, so a page keeps room for the handout; the other two print once, at the end.
TEXT_LIMITS = {"name": 150, "holder": 150, "notice": 400, "ownership": 1500,
               "disclaimer": 1500}


def _text(data: dict[str, Any], section: str, key: str, path: Path) -> str:
    value = data.get(section, {}).get(key)
    if not isinstance(value, str) or not value.strip():
        raise BrandError(f"`{key}` is missing from the [{section}] table; every printout needs it.",
                         path=path, field=f"{section}.{key}")
    text = normalize_brand_text(value)
    limit = TEXT_LIMITS.get(key, 1500)
    if len(text) > limit:
        where = "in the footer of every page" if limit < 1000 else "at the end of every handout"
        raise BrandError(f"`{key}` in [{section}] is {len(text):,} characters long; it prints "
                         f"{where}, so the limit is {limit:,}. Shorten it.",
                         path=path, field=f"{section}.{key}")
    return text


def _phone(org: dict[str, Any], key: str, path: Path) -> str:
    """A phone number as IT wrote it, on one line; "" when not set."""
    value = org.get(key, "")
    if not isinstance(value, str):
        raise BrandError(f"{key} = {value!r} must be text in quotes, the number as it should "
                         'print, or "" while the number is not known.',
                         path=path, field=f"organization.{key}")
    number = normalize_brand_text(value)
    if number and (not any(c.isdigit() for c in number) or "_" in number
                   or len(number) > _PHONE_MAX):
        raise BrandError(f"{key} = {value!r} is not a phone number. Write the number as it "
                         f'should print (at most {_PHONE_MAX} characters), or leave it "" and '
                         "the handouts print a blank line for the care team to write it on.",
                         path=path, field=f"organization.{key}")
    return number


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
    logo_path = _logo(org, path)
    paper = str(data.get("print", {}).get("paper", "letter")).lower()
    if paper not in PAPER_SIZES:
        raise BrandError(f"paper = {paper!r}; use one of {', '.join(PAPER_SIZES)}.",
                         path=path, field="print.paper")
    # Older brand files had one `phone`: it is read as the daytime number, with a notice.
    day, old = _phone(org, "phone_day", path), _phone(org, "phone", path)
    legacy = bool(old) and not day
    return Brand(
        name=_text(data, "organization", "name", path),
        address=tuple(a.strip() for a in address),
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
        phone_day_number=day or old,
        phone_after_hours_number=_phone(org, "phone_after_hours", path),
        legacy_phone=legacy,
    )


#: Image files a logo may be (their first bytes), and the largest file accepted.
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 4_000_000
LOGO_MAX_ASPECT = 12.0  # width / height: wider cannot show at the header's height


def _logo(org: dict[str, Any], path: Path) -> Path | None:
    """`logo`: a PNG or JPEG file in the brand folder, of sane size and shape."""
    logo = org.get("logo")
    if not logo:
        return None

    def fail(problem: str) -> BrandError:
        return BrandError(f"logo = {str(logo)[:80]!r}: {problem}", path=path,
                          field="organization.logo")

    if not isinstance(logo, str):
        raise fail("must be a file name in the brand folder, e.g. logo = \"logo.png\".")
    logo_path = path.parent / logo
    if not logo_path.resolve().is_relative_to(path.parent.resolve()):
        raise fail("the logo must be in the brand folder, beside brand.toml (so the site "
                   "moves as one folder and no other file is ever embedded).")
    if not logo_path.is_file():
        raise fail(f"the file {logo_path} does not exist.")
    size = logo_path.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise fail(f"the file is {size / 1048576:.0f} MB; use an image under "
                   f"{LOGO_MAX_BYTES // 1048576} MB (a logo prints about 3 cm wide).")
    with logo_path.open("rb") as fh:
        head = fh.read(32)
    if not any(head.startswith(sig) for sig in LOGO_SIGNATURES):
        raise fail("this is not a PNG or JPEG image; export the logo as PNG.")
    _check_shape(logo_path, fail)
    return logo_path


def _check_shape(logo_path: Path, fail: Any) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the size is checked here, before decoding
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(logo_path)
        with image:
            width, height = image.size
            if width * height > LOGO_MAX_PIXELS:  # before decoding: a tiny file may claim
                raise fail(f"the image is {width} x {height} pixels; a logo prints about "
                           f"3 cm wide, so use one under {LOGO_MAX_PIXELS // 1_000_000} "
                           "million pixels (e.g. 1200 x 300).")
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise fail(f"the image cannot be read ({exc}); export it again as PNG.") from None
    if height == 0 or width / height > LOGO_MAX_ASPECT or height / max(width, 1) > 4:
        shape = "wide" if width > height else "tall"
        raise fail(f"the image is {width} x {height} pixels: too {shape} to print in the "
                   f"header (at most {LOGO_MAX_ASPECT:g} times as wide as high, 4 times as "
                   "high as wide); crop it.")


def _logo_alt(org: dict[str, Any], path: Path) -> str:
    """What a screen reader says for the logo: `logo_alt`, or the organization's name."""
    value = org.get("logo_alt", org.get("name", ""))
    if not isinstance(value, str):
        raise BrandError(f"logo_alt = {value!r} must be text, e.g. \"Riverside Clinic logo\".",
                         path=path, field="organization.logo_alt")
    return normalize_brand_text(value)


def brand_data(text: str, path: Path) -> dict[str, Any]:
    """The brand file's TOML (for loading it, and for extracting its texts); a
    BrandError naming the line where it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        raise BrandError(f"line {line}: not valid TOML: {message}", path=path) from None


@lru_cache(maxsize=8)
def _load_brand_cached(path: Path, mtime_ns: int) -> Brand:
    data = brand_data(read_text(path, lambda why: BrandError(why, path=path)), path)
    return _brand_from_data(data, path)


def load_brand(path: Path) -> Brand:
    """Read and check the brand file (cached until the file changes)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise BrandError("the brand file does not exist.", path=path) from None
    return _load_brand_cached(path, mtime)
