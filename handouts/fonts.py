"""Fonts: register the TrueType families in ``fonts/`` and pick one per character.

ReportLab has no font fallback: a character missing from the font prints as
an invisible ``.notdef`` glyph, silently.  A :class:`FontChain` therefore
splits text into runs, each drawn by the first family in the locale's chain
that has every character of it, and refuses text no family can draw.
Families marked ``fallback = true`` in fonts.toml (symbol fonts) end every chain.
"""

from __future__ import annotations

import hashlib
import threading
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import FontError, GlyphError
from .hinting import unhinted
from .project import FONT_FACES as FACES
from .project import decoded

#: Faces registered with ReportLab. Handouts never use italics (the print
#: guidance says not to), so italic files are shipped but not loaded.
LOADED_FACES = ("regular", "bold")
# Characters that need no glyph of their own (line breaks) or that we may
# replace when a font lacks them (CLDR dates use narrow no-break spaces).
_NO_GLYPH = frozenset("\n")
_SPACE_SUBSTITUTES = {"\u202f": "\u00a0", "\u2009": " ", "\u00a0": " "}
_lock = threading.Lock()


@dataclass(frozen=True)
class Family:
    name: str  # ReportLab's name for it: the key, or the key and a suffix (_reportlab_name)
    files: tuple[tuple[str, Path], ...]  # (face, path)
    subfont: int = 0
    key: str = ""  # its name in fonts.toml and locale.toml, as people see it
    fallback: bool = False  # ends every locale's chain (fonts.toml: fallback = true)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.name)

    def face_path(self, face: str) -> Path | None:
        return dict(self.files).get(face)

    @property
    def has_bold(self) -> bool:
        return self.face_path("bold") is not None


def face_name(family: str, face: str) -> str:
    """ReportLab's name for one face: "NotoSans", "NotoSans-Bold"."""
    return family if face == "regular" else f"{family}-{face.capitalize()}"


Stat = tuple[int, int] | None  # (mtime, size) of a file, or None if it is missing
Spec = tuple[tuple[tuple[str, Path], ...], int, bool]  # a family's files, subfont, fallback


def _stat(path: Path) -> Stat:
    try:
        found = path.stat()
    except OSError:
        return None  # read_manifest or register says what is wrong
    return found.st_mtime_ns, found.st_size


def files_stamp(fonts_dir: Path) -> tuple[Stat, ...]:
    """fonts.toml and every file it names, so that editing the list, or adding or
    replacing a font file, is seen by the next render (a server needs no restart)."""
    head = _stat(fonts_dir / "fonts.toml")
    specs = _parse(fonts_dir, head)
    return (head, *(_stat(path) for files, _, _ in specs.values() for _, path in files))


def read_manifest(fonts_dir: Path) -> dict[str, Family]:
    """The families fonts.toml lists, re-read when it or a font file changes (a running
    server sees a font added for a new language)."""
    return _read_manifest(fonts_dir, files_stamp(fonts_dir))


@lru_cache(maxsize=4)
def _read_manifest(fonts_dir: Path, stamp: tuple[Stat, ...]) -> dict[str, Family]:
    return {name: Family(_reportlab_name(name, files, subfont), files, subfont, name, fallback)
            for name, (files, subfont, fallback) in _parse(fonts_dir, stamp[0]).items()}


@lru_cache(maxsize=4)
def _parse(fonts_dir: Path, head: Stat) -> dict[str, Spec]:
    """fonts.toml as (files, subfont, fallback) per family; ``head`` is its stat (the key)."""
    path = fonts_dir / "fonts.toml"
    try:
        data = tomllib.loads(decoded(path.read_bytes()))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FontError(f"cannot read the font list: {exc}", path=path) from None
    specs = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or not all(isinstance(spec.get(f, ""), str) for f in FACES):
            raise FontError(f"`{name}` must be a table of file names, e.g. [{name}] then "
                            f'regular = "{name}-Regular.ttf".', path=path)
        files = tuple((face, fonts_dir / spec[face]) for face in FACES if face in spec)
        if not any(face == "regular" for face, _ in files):
            raise FontError(f"family {name} has no `regular` file.", path=path)
        fallback = spec.get("fallback", False)
        if not isinstance(fallback, bool):
            raise FontError(f"family {name}: `fallback` is {fallback!r}; use true or false.",
                            path=path)
        specs[name] = (files, int(spec.get("subfont", 0)), fallback)
    return specs


#: ReportLab registers fonts by name, once per process, and the first file to take a
#: name keeps it. Which files each name stands for, so another font never borrows it.
_CLAIMED: dict[str, tuple[object, ...]] = {}


def _reportlab_name(name: str, files: tuple[tuple[str, Path], ...], subfont: int) -> str:
    """The family's own name, unless other files already hold it in this process (a
    second project, or a font file replaced under a running server): then a name of
    its own, from what its files are."""
    signature: list[object] = [subfont]
    for face, path in files:
        try:
            stat = path.stat()
            signature.append((face, str(path.resolve()), stat.st_size, stat.st_mtime_ns))
        except OSError:
            signature.append((face, str(path)))  # register() reports the missing file
    key = tuple(signature)
    with _lock:
        claimed = _CLAIMED.setdefault(name, key)
    if claimed == key:
        return name
    return f"{name}-{hashlib.sha256(repr(key).encode()).hexdigest()[:8]}"


def register(family: Family) -> None:
    """Register a family's faces with ReportLab once per process (thread-safe).

    ``family.name`` is unique to its files (see _reportlab_name), so a name
    already registered is this very font.
    All faces or none: a face that fails to load (a bold file not copied yet)
    leaves nothing half-registered for the next render to trust. A family
    without a bold file has its regular file registered as its bold face.
    """
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        if all(face_name(family.name, face) in registered for face in LOADED_FACES):
            return
        regular = family.face_path("regular")
        fonts = []
        for face in LOADED_FACES:
            path = family.face_path(face) or regular
            assert path is not None
            try:
                fonts.append(TTFont(face_name(family.name, face), str(path),
                                    subfontIndex=family.subfont,
                                    asciiReadable=0))  # a subset holds only what is used
            except Exception as exc:  # ReportLab raises bare TTFError/OSError variants
                raise FontError(f"cannot load this font: {exc}", path=path) from None
        for font in fonts:
            font.face.makeSubset = unhinted(font.face.makeSubset)  # 40% smaller (hinting.py)
            # what the file's cmap draws, before text shaping adds code points of its own
            # for joined forms (pdf/shaping.py): those must never count as coverage
            font.handouts_coverage = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFont(font)
        for face, (bold, italic) in (("regular", (0, 0)), ("bold", (1, 0)),
                                     ("regular", (0, 1)), ("bold", (1, 1))):
            addMapping(family.name, bold, italic, face_name(family.name, face))


def coverage(family: Family) -> frozenset[int]:
    """Code points the family's regular face can draw."""
    register(family)
    font = pdfmetrics.getFont(family.name)
    return getattr(font, "handouts_coverage", None) or frozenset(font.face.charToGlyph)


class FontChain:
    """An ordered list of families; text is split into runs by coverage."""

    def __init__(self, families: list[Family]) -> None:
        if not families:
            raise ValueError("a font chain needs at least one family")
        self.families = tuple(families)
        self.names = tuple(f.name for f in families)  # for ReportLab
        self.keys = tuple(f.key for f in families)  # for people: as fonts.toml names them
        self._first = coverage(self.families[0])

    @cached_property
    def _maps(self) -> tuple[frozenset[int], ...]:
        """Every family's coverage. Loaded on first need: text the first family draws
        whole (the common case) never loads the symbol fallbacks."""
        return (self._first, *(coverage(f) for f in self.families[1:]))

    @property
    def primary(self) -> Family:
        return self.families[0]

    def prepare(self, text: str) -> str:
        """Swap special spaces for plain ones when no font has them."""
        for special, plain_space in _SPACE_SUBSTITUTES.items():
            if special in text and ord(special) not in self._first \
                    and not any(ord(special) in m for m in self._maps):
                text = text.replace(special, plain_space)
        return text

    def _pick(self, char: str, current: int | None) -> int | None:
        code = ord(char)
        if current is not None and (char.isspace() or not char.isalnum()) \
                and code in self._maps[current]:
            return current  # keep spaces and punctuation with the run they are in
        for index, cmap in enumerate(self._maps):
            if code in cmap:
                return index
        return None

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split text into (family name, text) runs; raise GlyphError for a missing character."""
        text = self.prepare(text)
        if self._first.issuperset(map(ord, text.replace("\n", ""))):
            return [(self.names[0], text)]  # the common case: one font has it all
        result: list[tuple[int, list[str]]] = []
        for char in text:
            current = result[-1][0] if result else None
            index = current if char in _NO_GLYPH else self._pick(char, current)
            if index is None:
                if char in _NO_GLYPH:
                    index = 0
                else:
                    raise GlyphError(char, text, self.keys)
            if result and result[-1][0] == index:
                result[-1][1].append(char)
            else:
                result.append((index, [char]))
        return [(self.names[i], "".join(chars)) for i, chars in result]

    def family_for(self, text: str) -> str:
        """The first family that can draw every character of text (for bullets, numbers)."""
        if all(ord(c) in self._first for c in text):
            return self.names[0]  # without loading the fallbacks: ~50 ms a process
        for name, cmap in zip(self.names, self._maps, strict=True):
            if all(ord(c) in cmap for c in text):
                return name
        raise GlyphError(self.missing(text)[0], text, self.keys)

    @property
    def needs_synthetic_bold(self) -> bool:
        """True when the main family has no bold face (WenQuanYi Micro Hei)."""
        return not self.primary.has_bold

    def missing(self, text: str) -> list[str]:
        """Characters of text that no family in the chain can draw."""
        codes = set(map(ord, self.prepare(text))) - {ord(c) for c in _NO_GLYPH}
        if codes <= self._first:
            return []
        for cmap in self._maps:
            codes -= cmap
        return sorted(map(chr, codes))


def font_chain(fonts_dir: Path, names: tuple[str, ...],
               named_in: Path | None = None) -> FontChain:
    """The chain of these families, as fonts.toml lists them now, followed by every
    family fonts.toml marks ``fallback = true`` that the names leave out.

    ``named_in`` is the file that chose the chain (a locale.toml): a family
    fonts.toml does not list, or an empty chain, is blamed on it.
    """
    stamp = files_stamp(fonts_dir)
    _known(fonts_dir, names, stamp, named_in)
    return _font_chain(fonts_dir, names, stamp)


def check_chain(fonts_dir: Path, names: tuple[str, ...], named_in: Path | None = None) -> None:
    """What font_chain refuses, without loading a font (IT's /healthz and ``--list``
    would otherwise hold every language's fonts, 80 MB with the CJK ones): a family
    fonts.toml does not list, and a file that is missing or is not a font file."""
    stamp = files_stamp(fonts_dir)
    families = _known(fonts_dir, names, stamp, named_in)
    for family in families.values():
        if family.key in names or family.fallback:
            for face, path in family.files:
                if face in LOADED_FACES:
                    _looks_like_a_font(path)


def _known(fonts_dir: Path, names: tuple[str, ...], stamp: tuple[Stat, ...],
           named_in: Path | None) -> dict[str, Family]:
    """fonts.toml's families, if it lists every one of names; else the file that named them
    (a locale.toml) is told what to write."""
    manifest = fonts_dir / "fonts.toml"
    if not names:
        raise FontError("the font chain is empty; name at least one family from "
                        f"{manifest}, e.g. fonts = [\"NotoSans\"].", path=named_in or manifest)
    families = _read_manifest(fonts_dir, stamp)
    unknown = [n for n in names if n not in families]
    if unknown:
        raise FontError(f"unknown font family {', '.join(unknown)}; {manifest} lists "
                        f"{', '.join(families)}.", path=named_in or manifest)
    return families


#: How TrueType, OpenType and collection files begin.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")


def _looks_like_a_font(path: Path) -> None:
    try:
        with path.open("rb") as file:
            head = file.read(4)
    except OSError as exc:
        raise FontError(f"cannot load this font: {exc.strerror}", path=path) from None
    if head not in _FONT_MAGIC:
        raise FontError("cannot load this font: it is not a TrueType or OpenType file.",
                        path=path)


@lru_cache(maxsize=32)
def _font_chain(fonts_dir: Path, names: tuple[str, ...], stamp: tuple[Stat, ...]) -> FontChain:
    """The families named, then every fallback family the names leave out."""
    families = _read_manifest(fonts_dir, stamp)
    fallbacks = tuple(n for n, family in families.items() if family.fallback and n not in names)
    return FontChain([families[n] for n in (*names, *fallbacks)])
