"""The language names on the page, drawn with the fonts the handouts print them in.

A desk computer without Ethiopic, Chinese or Korean fonts showed "አማርኛ",
"中文（简体）" and "한국어" in the picker and the search results as boxes.  The
server has the fonts the handouts use (``fonts/fonts.toml``): the characters of
each language's own name are cut out of the first font of its chain that has
them (fontTools' subsetter; a few KB a font, layout tables kept so Arabic joins
and Devanagari forms its conjuncts) and offered by ``/brand.css`` as
``@font-face`` rules with a ``unicode-range``.  The page names that family last
before ``sans-serif``: a computer with its own fonts keeps using them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..fonts import read_manifest
from ..i18n.locales import available_locales

FAMILY = "Handout language names"
#: Characters every desk font has: never worth a download.
_ASCII = frozenset(chr(c) for c in range(0x80))


@dataclass(frozen=True)
class NameFonts:
    css: str  # the @font-face rules
    files: dict[str, bytes]  # file name -> TrueType bytes


def name_fonts(project_dir: Path) -> NameFonts:
    """The rules and subset fonts for this project's language names (kept until the
    fonts or the languages change)."""
    fonts_dir, locales_dir = project_dir / "fonts", project_dir / "locales"
    names = tuple(sorted((s.native_name, tuple(s.fonts))
                         for s in available_locales(locales_dir).values()))
    stamp = tuple(p.stat().st_mtime_ns for p in sorted(fonts_dir.glob("*")) if p.is_file())
    return _built(fonts_dir, names, stamp)


@lru_cache(maxsize=4)
def _built(fonts_dir: Path, names: tuple[tuple[str, tuple[str, ...]], ...],
           stamp: tuple[int, ...]) -> NameFonts:
    chosen: dict[tuple[Path, int], set[str]] = {}
    manifest = read_manifest(fonts_dir)
    cmaps: dict[tuple[Path, int], frozenset[str]] = {}  # read once, not kept after
    for name, chain in names:
        files = [(f.face_path("regular"), f.subfont) for key in chain
                 for f in manifest.values() if f.key == key]
        for char in set(name) - _ASCII:
            found = next((file for file in files if file[0] and char in
                          cmaps.setdefault(file, _cmap(*file))), None)  # type: ignore[arg-type]
            if found is not None:
                chosen.setdefault(found, set()).add(char)  # type: ignore[arg-type]
    rules, data = [], {}
    for index, ((path, subfont), chars) in enumerate(sorted(chosen.items())):
        file = f"names-{index}.ttf"
        data[file] = _subset(path, subfont, "".join(sorted(chars)))
        ranges = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-display: swap; '
                     f'src: url("/brand/names/{file}") format("truetype"); '
                     f"unicode-range: {ranges}; }}\n")
    return NameFonts("".join(rules), data)


def _cmap(path: Path, subfont: int) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=subfont, lazy=True) as font:
        return frozenset(chr(c) for c in font.getBestCmap())


def _subset(path: Path, subfont: int, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]  # Arabic joining, Devanagari conjuncts
    options.drop_tables += ["FFTM", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # tool data
    out = io.BytesIO()
    with TTFont(path, fontNumber=subfont, lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(out)
    return out.getvalue()
