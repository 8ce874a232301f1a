"""The language names on the page, drawn with the fonts the handouts print them in.

A desk computer without Ethiopic, Chinese or Korean fonts showed "አማርኛ",
"中文（简体）" and "한국어" in the picker and the search results as boxes.  The
server has the fonts the handouts use (``fonts/fonts.toml``): the characters of
each language's own name are cut out of the first font of its chain that has
them (fontTools' subsetter; a few KB a font, layout tables kept so Arabic joins
and Devanagari forms its conjuncts) and offered by ``/brand.css`` as
``@font-face`` rules with a ``unicode-range``, each character in one rule only.
The page names that family after the fonts it lists by name; a script a desk
draws only through the system's own fallback is drawn with the handouts' font,
as on paper.  A font file that cannot be read is left out, never an error: the
page keeps its colours and the desk's fonts.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from ..fonts import files_stamp, read_manifest
from ..i18n.locales import available_locales

FAMILY = "Handout language names"
#: Characters every desk font has: never worth a download.
_ASCII = frozenset(chr(c) for c in range(0x80))
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NameFonts:
    css: str  # the @font-face rules
    files: dict[str, bytes]  # file name (from its content) -> TrueType bytes


_LOCK = threading.Lock()  # one build at a time: the first pages of a day arrive together
_BUILT: dict[object, NameFonts] = {}


def name_fonts(project_dir: Path) -> NameFonts:
    """The rules and subset fonts for this project's language names, built once until
    the fonts or the languages change (failures included: a broken font costs nothing
    per request)."""
    fonts_dir, locales_dir = project_dir / "fonts", project_dir / "locales"
    names = tuple(sorted((s.native_name, tuple(s.fonts))
                         for s in available_locales(locales_dir).values()))
    key = (fonts_dir, names, files_stamp(fonts_dir))
    with _LOCK:
        if key not in _BUILT:
            _BUILT.clear()  # the last one only: a server serves one project
            _BUILT[key] = _built(fonts_dir, names)
        return _BUILT[key]


def _built(fonts_dir: Path, names: tuple[tuple[str, tuple[str, ...]], ...]) -> NameFonts:
    try:
        manifest = read_manifest(fonts_dir)
    except Exception:  # noqa: BLE001 (fonts.toml's own errors are /healthz's to report)
        return NameFonts("", {})
    chosen: dict[tuple[Path, int], set[str]] = {}
    cmaps: dict[tuple[Path, int], frozenset[str]] = {}  # read once, not kept after
    done: set[str] = set()  # each character in one rule: overlapping ranges mix fonts
    for name, chain in names:
        files = [(path, f.subfont) for key in chain for f in manifest.values()
                 if f.key == key and (path := f.face_path("regular")) is not None]
        for char in sorted(set(name) - _ASCII - done):
            for file in files:
                if file not in cmaps:
                    cmaps[file] = _cmap(*file)
                if char in cmaps[file]:
                    chosen.setdefault(file, set()).add(char)
                    done.add(char)
                    break
    rules: list[str] = []
    data: dict[str, bytes] = {}
    for (path, subfont), chars in sorted(chosen.items()):
        font = _subset(path, subfont, "".join(sorted(chars)))
        if not font:
            continue
        name = f"names-{hashlib.sha256(font).hexdigest()[:16]}.ttf"  # a new font, a new name
        data[name] = font
        ranges = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-display: swap; '
                     f'src: url("/brand/names/{name}") format("truetype"); '
                     f"unicode-range: {ranges}; }}\n")
    return NameFonts("".join(rules), data)


def _cmap(path: Path, subfont: int) -> frozenset[str]:
    """The characters a font file has; none when it cannot be read (left out)."""
    from fontTools.ttLib import TTFont

    try:
        with path.open("rb") as file, TTFont(file, fontNumber=subfont, lazy=True) as font:
            return frozenset(chr(c) for c in font.getBestCmap())  # (closed if TTFont fails)
    except Exception as error:  # noqa: BLE001 (any damage: the font is left out)
        log.warning("language names: %s is left out (%s)", path.name, type(error).__name__)
        return frozenset()


def _subset(path: Path, subfont: int, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]  # Arabic joining, Devanagari conjuncts
    options.drop_tables += ["FFTM", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # tool data
    out = io.BytesIO()
    try:
        with path.open("rb") as file, TTFont(file, fontNumber=subfont, lazy=True) as font:
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=text)
            subsetter.subset(font)
            font.save(out)
    except Exception as error:  # noqa: BLE001 (any damage: the font is left out)
        log.warning("language names: %s is left out (%s)", path.name, type(error).__name__)
        return b""
    return out.getvalue()
