"""Start a language (its folder, fonts and locale.toml), and record a translation review.

A new language folder is built in a temporary folder next to ``locales/`` and
renamed into place at the end, so a failed or interrupted ``i18n init``
leaves nothing behind; a half-made folder from an older version is completed
in place, keeping every translation already in its catalog.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from babel.messages.pofile import PoFileError, read_po

from ..errors import TranslationError
from ..fonts import coverage, read_manifest
from ..project import SOURCE_LOCALE

CATALOG = Path("LC_MESSAGES") / "shared.po"  # every language has it; handouts' beside it
SETTINGS = Path("locale.toml")
CJK_WRAP_LANGUAGES = frozenset({"zh", "ja", "yue"})
FALLBACK_FAMILY = "NotoSans"  # Latin digits, symbols and drug names inside any script

TEMPLATE = """\
# Settings for this language. Fonts: families from fonts/fonts.toml; each
# character is drawn with the first family that has it.
fonts = {fonts}
# "cjk" breaks lines between any two characters (Chinese); "default" breaks at spaces.
wrap = "{wrap}"

# Review status. Each handout's translation prints a notice on every page until
# a qualified medical translator reviews it:
#   python generate.py i18n review {code} HANDOUT --by "Name, credentials"
# (and the shared text once: `i18n review {code} shared ...`). The reviews are
# recorded below as [review.<handout>] tables.
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


def lacking(folder: Path) -> tuple[Path, ...]:
    """What a language folder still needs (its catalog, its locale.toml): () when complete."""
    return tuple(part for part in (CATALOG, SETTINGS) if not (folder / part).is_file())


def half_made(locales_dir: Path) -> dict[str, tuple[Path, ...]]:
    """Language folders that a failed `i18n init` of an older version left unfinished,
    with what each lacks. The English source has no catalog, and needs none."""
    folders = sorted(locales_dir.iterdir()) if locales_dir.is_dir() else []
    return {folder.name: missing for folder in folders
            if folder.is_dir() and not folder.name.startswith(".")
            and folder.name != SOURCE_LOCALE and (missing := lacking(folder))}


def translations_in(path: Path) -> int:
    """How many messages of a catalog have a translation, fuzzy or not (0: no file)."""
    if not path.is_file():
        return 0
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise TranslationError(
            f"{path}: cannot read this catalog ({exc}), so its translations cannot be kept.",
            hint="open it in Poedit and save it again (or delete it if it holds no "
                 "translations), then run the command again.") from None
    forms = (m.string if isinstance(m.string, (tuple, list)) else (m.string,)
             for m in catalog if m.id)
    return sum(1 for strings in forms if any(strings))


@contextmanager
def staging(project: Path) -> Iterator[Path]:
    """A temporary folder next to locales/ (on the same disk, so a rename moves what is
    built there into locales/ in one step), removed whatever happens."""
    tmp = Path(tempfile.mkdtemp(prefix=".i18n-init-", dir=project))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def move_into_place(staged: Path, folder: Path) -> None:
    """Move a language built in `staged` to `folder` in locales/.

    A new folder arrives in one rename: whole, or not at all.  Into a half-made
    one, each file arrives in one rename, the catalogs first and locale.toml
    (which makes the language visible) last.
    """
    if not folder.exists():
        os.rename(staged, folder)
        return
    (folder / "LC_MESSAGES").mkdir(exist_ok=True)
    for path in sorted((staged / "LC_MESSAGES").glob("*")):
        os.replace(path, folder / "LC_MESSAGES" / path.name)
    legacy = folder / "LC_MESSAGES" / "messages.po"  # moved aside in `staged` by the merge
    if legacy.is_file() and not (staged / "LC_MESSAGES" / "messages.po").exists():
        legacy.unlink()
    if (staged / SETTINGS).exists():
        os.replace(staged / SETTINGS, folder / SETTINGS)


def reviewer_name(text: str) -> str:
    """The --by value: a name and credentials, on one line."""
    if not text.strip() or any(unicodedata.category(c).startswith("C") for c in text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a reviewer's name; give the name and credentials on one line, "
            f'e.g. --by "Ana Ruiz, CHI"')
    return " ".join(text.split())
