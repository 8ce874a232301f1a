"""Write a new locale's settings, and record a translation review, in locale.toml."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from babel import Locale

from ..errors import TranslationError, UsageError
from ..fonts import coverage, read_manifest

CJK_WRAP_LANGUAGES = frozenset({"zh", "ja", "yue"})
FALLBACK_FAMILY = "NotoSans"  # Latin digits, symbols and drug names inside any script

TEMPLATE = """\
# Settings for this language. Fonts: families from fonts/fonts.toml; each
# character is drawn with the first family that has it.
fonts = {fonts}
# "cjk" breaks lines between any two characters (Chinese); "default" breaks at spaces.
wrap = "{wrap}"

# Review status. A draft prints a notice on every page until a qualified
# medical translator reviews it:
#   python generate.py i18n review {code} --by "Name, credentials"
[review]
status = "draft"
"""


def _letters(code: str) -> set[str]:
    """Letters of the language, sampled from CLDR: its own name, months and weekdays."""
    locale = Locale.parse(code)
    sample = [locale.get_display_name(locale) or ""]
    for width in ("wide", "abbreviated"):
        sample += locale.months["format"][width].values()
        sample += locale.days["format"][width].values()
    return {c for c in "".join(sample) if c.isalpha()}


def choose_fonts(code: str, fonts_dir: Path) -> list[str]:
    """The family that best covers the language's letters (from CLDR), then Noto Sans."""
    letters = {ord(c) for c in _letters(code)}
    families = read_manifest(fonts_dir)
    scores = {name: len(letters & coverage(family)) for name, family in families.items()}
    best = max(scores, key=lambda name: (scores[name], name == FALLBACK_FAMILY))
    if letters and scores[best] < len(letters) * 0.95:
        raise TranslationError(
            f"no font in {fonts_dir} covers {code}: the best, {best}, has "
            f"{scores[best]} of {len(letters)} letters.",
            hint="add a TrueType font for this script (TRANSLATING.md, 'Add a font').")
    return [best] if best == FALLBACK_FAMILY else [best, FALLBACK_FAMILY]


def write_locale_settings(folder: Path, code: str, fonts: list[str]) -> None:
    """Write locale.toml for a new language with its font chain (see choose_fonts)."""
    wrap = "cjk" if Locale.parse(code).language in CJK_WRAP_LANGUAGES else "default"
    listing = "[" + ", ".join(f'"{f}"' for f in fonts) + "]"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "locale.toml").write_text(TEMPLATE.format(fonts=listing, wrap=wrap, code=code),
                                        encoding="utf-8")


def reviewer_name(text: str) -> str:
    """The --by value: a name and credentials, on one line."""
    if not text.strip() or any(unicodedata.category(c).startswith("C") for c in text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a reviewer's name; give the name and credentials on one line, "
            f'e.g. --by "Ana Ruiz, CHI"')
    return " ".join(text.split())


def mark_reviewed(path: Path, by: str, date: dt.date, fingerprint: str, today: dt.date) -> None:
    """Replace the [review] table, keeping the rest of the file and its comments.

    The fingerprint ties the review to the translations the reviewer saw: any
    later change to them puts the "not yet reviewed" notice back on paper.
    """
    if date > today:
        raise UsageError(f"the review date {date.isoformat()} is in the future.",
                         hint="give the date the review was done (default: today).")
    text = path.read_text(encoding="utf-8")
    review = (f'[review]\nstatus = "reviewed"\nby = {json.dumps(by, ensure_ascii=False)}\n'
              f'date = {date.isoformat()}\n'
              f'# Ties the review to the translations reviewed; do not edit by hand.\n'
              f'fingerprint = "{fingerprint}"\n')
    if re.search(r"^\[review\]", text, flags=re.M):
        text = re.sub(r"^\[review\][^\[]*", lambda _: review, text, flags=re.M)
    else:
        text = text.rstrip() + "\n\n" + review
    path.write_text(text, encoding="utf-8")
