"""Where a project keeps its files, and the one list of the files that decide a render.

A project is a folder with ``templates/`` (handouts and layout pieces),
``locales/`` (one folder per language), ``fonts/`` (with ``fonts.toml``) and
``brand/brand.toml``.  The web cache, the print pack's manifest and the
translation-check cache all ask this module which files a render reads, so
an edit to any of them is noticed the same way everywhere.
"""

from __future__ import annotations

import glob
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import HandoutError

#: Every file a render may read, as glob patterns under the project folder, plus
#: the font files fonts.toml names and the logo brand.toml names, wherever they are.
#: :meth:`Project.render_inputs` names the ones one render reads; each of those is
#: in :meth:`Project.all_inputs` (tests/unit/test_project_inputs.py holds them together).
INPUT_PATTERNS = ("templates/**/*.j2", "templates/**/*.md", "locales/*/locale.toml",
                  "locales/*/LC_MESSAGES/*.po", "brand/*", "fonts/*")
SOURCE_LOCALE = "en"  # the language handouts are written in
FONT_FACES = ("regular", "bold", "italic", "bolditalic")  # keys of a family in fonts.toml


SHARED_CATALOG = "shared"  # the catalog of layout and brand text: no handout takes the name
HANDOUT_SUFFIXES = (".xml.j2", ".md")  # a handout file: a Jinja template, or authored text


def handout_name(path: Path) -> str:
    """The name staff type and its catalogs carry: the file name without its suffix."""
    return next((path.name.removesuffix(s) for s in HANDOUT_SUFFIXES
                 if path.name.endswith(s)), path.stem)


SITE_FOLDERS = ("brand", "templates", "locales", "fonts")  # what `init-site` copies
HOME_VARIABLE = "HANDOUTS_HOME"


def default_project_dir() -> Path:
    """Where the project's data lives: templates/, locales/, fonts/, brand/.

    ``HANDOUTS_HOME`` overrides it (for a site that keeps its own copy).
    """
    return Path(os.environ.get(HOME_VARIABLE) or Path(__file__).resolve().parent.parent)


def cache_dir() -> Path:
    """Where the tool keeps what it can work out again (the library index, the logo as an
    indexed image): ``$HANDOUTS_CACHE_DIR``, or ``$XDG_CACHE_HOME/handouts``, or
    ``~/.cache/handouts``. Safe to delete; nothing about patients is ever there."""
    if os.environ.get("HANDOUTS_CACHE_DIR"):
        return Path(os.environ["HANDOUTS_CACHE_DIR"])
    home = os.path.expanduser("~")
    if home == "~":  # an account with no home at all: not a folder named "~" here
        import tempfile

        account = os.getuid() if hasattr(os, "getuid") else os.getpid()  # POSIX, or not
        home = os.path.join(tempfile.gettempdir(), f"handouts-{account}")
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")) / "handouts"


def write_cached(path: Path, data: bytes) -> None:
    """Write a file in the cache folder whole or not at all: through a file made afresh
    (never through a link someone left there), the folder this account's alone. A
    folder that cannot be written is simply not used."""
    import contextlib
    import tempfile

    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(partial, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(partial)


def site_problem() -> str | None:
    """Why there is no site to render from, or None when there is one.

    An editable checkout is its own site; a wheel install has none until
    `handouts init-site DIR` makes one and ``HANDOUTS_HOME`` names it.
    """
    home = os.environ.get(HOME_VARIABLE)
    folder = default_project_dir()
    if (folder / "templates").is_dir():
        return None
    if home:
        state = "does not exist" if not folder.exists() else "has no templates/"
        return f"{HOME_VARIABLE} is set to {folder}, which {state}."
    return f"No site folder: {HOME_VARIABLE} is not set and {folder} has no templates/."


def starter_site() -> Path:
    """The site `init-site` copies: the checkout's own folders, or the wheel's starter."""
    packaged = Path(__file__).resolve().parent / "starter"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def fonts_dir(self) -> Path:
        return self.root / "fonts"

    @property
    def brand_file(self) -> Path:
        return self.root / "brand" / "brand.toml"

    def layout_templates(self) -> tuple[Path, ...]:
        """The layout pieces every handout extends (their text prints too)."""
        return tuple(sorted((self.templates_dir / "layout").glob("*.j2")))

    def text_inputs(self, handout: Path) -> tuple[Path, ...]:
        """The files whose text a handout prints: its template, the layouts, the brand."""
        return (handout, *self.layout_templates(), self.brand_file)

    def render_inputs(self, handout: Path, locale_folder: Path, fonts: Sequence[str],
                      logo: Path | None, *, bilingual: bool = False) -> tuple[Path, ...]:
        """Every file that decides the bytes of one handout in one language.

        The text inputs, the language's settings and catalog (and English's
        settings for a bilingual copy), the logo, the font list and the font
        files of the language's chain.
        """
        settings = [locale_folder / "locale.toml"]
        for domain in (handout_name(handout), "shared"):  # its catalog and the shared one
            catalog = locale_folder / "LC_MESSAGES" / f"{domain}.po"
            if catalog.is_file():
                settings.append(catalog)
        if bilingual and locale_folder.name != SOURCE_LOCALE:
            settings.append(self.locales_dir / SOURCE_LOCALE / "locale.toml")
        return (*self.text_inputs(handout), *settings, *((logo,) if logo else ()),
                self.fonts_dir / "fonts.toml", *self.font_files(fonts))

    def font_files(self, families: Sequence[str] | None = None) -> list[Path]:
        """The files fonts.toml names for these families (all families by default).

        They may live outside fonts/ (fonts.toml takes relative paths), so
        they are listed from the file, not globbed.
        """
        try:
            data = tomllib.loads(decoded((self.fonts_dir / "fonts.toml").read_bytes()))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return []  # the renderer reports a broken font list (FontError), not this
        wanted = data if families is None else [f for f in families if f in data]
        return [self.fonts_dir / spec[face] for name in wanted
                if isinstance(spec := data[name], dict)
                for face in FONT_FACES if isinstance(spec.get(face), str)]

    def logo_file(self) -> Path | None:
        """The logo the brand file names (it may live outside brand/)."""
        try:
            data = tomllib.loads(decoded(self.brand_file.read_bytes()))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # the renderer reports a broken brand file (BrandError), not this
        logo = data.get("organization", {}).get("logo")
        return self.brand_file.parent / logo if isinstance(logo, str) and logo else None

    def all_inputs(self) -> list[Path]:
        """Every file any render may read (for a fingerprint of the whole project)."""
        return [Path(name) for name in self.input_names() if os.path.isfile(name)]

    def input_names(self) -> list[str]:
        """The paths ``all_inputs`` looks at, sorted, folders and missing files included:
        what a fingerprint stats (a library of 300 handouts has 2,700; os.walk and the
        glob module find them in a fifth of the time pathlib's globbing takes). A link
        to a folder under ``templates/`` is followed (a library kept elsewhere), each
        folder once: a link back up would otherwise never end."""
        root = os.path.normpath(self.root)
        found = {os.path.join(root, name) for pattern in INPUT_PATTERNS if "**" not in pattern
                 for name in glob.glob(pattern, root_dir=root, include_hidden=True)}
        suffixes = tuple("." + p.rsplit(".", 1)[1] for p in INPUT_PATTERNS if "**" in p)
        seen: set[tuple[int, int]] = set()
        home = os.path.realpath(root) + os.sep
        for folder, inner, files in os.walk(os.path.join(root, "templates"), followlinks=True):
            try:
                info = os.stat(folder)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) in seen or \
                    home.startswith(os.path.realpath(folder) + os.sep):
                inner.clear()  # walked already, or a link up to the site (or above it)
                continue
            seen.add((info.st_dev, info.st_ino))
            found.update(os.path.join(folder, f) for f in files if f.endswith(suffixes))
        found.update(map(str, self.font_files()))
        if logo := self.logo_file():
            found.add(str(logo))
        return sorted({os.path.normpath(name) for name in found})  # "./fonts/a" is "fonts/a"


_LINE_END = re.compile(rb"\r\n|\r|\n")  # as editors count lines


def read_bytes(path: Path, fail: Callable[[str], HandoutError]) -> bytes:
    """A file people edit, as bytes; a folder or an unreadable file is ``fail(reason)``."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise fail("this is a folder, not a file") from None
    except OSError as exc:
        raise fail(f"cannot read it ({exc.strerror or exc})") from None


def newlines(text: str) -> str:
    """Text with CR LF and lone CR line ends as LF (line numbers as editors count them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decoded(data: bytes) -> str:
    """A file people edit as text, read as written: UTF-8, a byte-order mark at the start
    dropped, CR LF or a lone CR read as LF (UnicodeDecodeError for other bytes)."""
    return newlines(data.decode("utf-8").removeprefix("\ufeff"))


def read_text(path: Path, fail: Callable[[str], HandoutError]) -> str:
    """A file people edit (brand, handout, locale settings), as UTF-8 text.

    A folder where the file should be, an unreadable file or bytes that are not
    UTF-8 are the editor's mistake: ``fail(reason)`` is raised, naming the line of
    the first bad byte, never a UnicodeDecodeError.  What Windows editors save is
    read as written: a byte-order mark at the start is dropped, and CR LF (or a
    lone CR) line ends read as LF.
    """
    data = read_bytes(path, fail)
    try:
        return decoded(data)
    except UnicodeDecodeError as exc:
        line = len(_LINE_END.findall(data[:exc.start])) + 1
        raise fail(f"line {line} is not UTF-8 text (byte 0x{data[exc.start]:02X}); save the "
                   "file as UTF-8 (in most editors: Save As, Encoding: UTF-8)") from None
