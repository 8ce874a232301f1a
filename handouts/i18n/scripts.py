"""Which writing systems print correctly, and how; the others are refused.

ReportLab draws each character's own glyph, left to right.  That is right
for Latin, Cyrillic, Greek, Ethiopic, Hangul and Chinese.  Scripts whose
letters change shape with their neighbours (Arabic, Devanagari and the other
Indic scripts, Myanmar, Thai...) and scripts written right to left (Arabic,
Hebrew...) go through HarfBuzz and the bidirectional algorithm instead
(``pdf/textflow.py``): Hindi printed "किसी" as "कसिी", and Arabic ran its
words left to right, before that.  A script this version still cannot set
(vertical Mongolian; Thai, Khmer, Lao and Burmese, which put no spaces between
words), or any shaped script when uharfbuzz or python-bidi is missing, is
refused at `i18n init`, `i18n check` and every render, saying
why: a page a patient cannot read is worse than a refusal.
"""

from __future__ import annotations

import importlib

from babel import Locale

from ..errors import UnsupportedScriptError
from .locales import likely_script

#: Scripts (ISO 15924) whose letters change shape with their neighbours.
NEEDS_SHAPING = frozenset({
    "Arab", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mong",
    "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh",
    "Mymr", "Khmr", "Laoo", "Thai", "Tibt", "Java", "Bali", "Tglg",
})
#: Scripts written right to left.
RIGHT_TO_LEFT = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr"})


def script_of(code: str) -> str:
    """The ISO 15924 script a locale is written in: "zh_Hant" -> Hant, "hi" -> Deva."""
    return likely_script(Locale.parse(code)) or "Zyyy"  # Zyyy: unknown


#: Scripts written in vertical lines, which the layout cannot set.
VERTICAL = frozenset({"Mong"})
#: Scripts written without spaces between words: lines break only with a dictionary of
#: words, which this version lacks (a line would run off the page).
NO_SPACES = frozenset({"Thai", "Khmr", "Laoo", "Mymr", "Java", "Bali"})


def needs_shaping(code: str) -> bool:
    """True when a locale's text must go through HarfBuzz and the bidi algorithm."""
    script = script_of(code)
    return script in NEEDS_SHAPING or script in RIGHT_TO_LEFT


def is_right_to_left(code: str) -> bool:
    return script_of(code) in RIGHT_TO_LEFT


def missing_libraries() -> list[str]:
    """The shaping libraries that cannot be imported here (pip package names)."""
    missing = []
    for module, package in (("uharfbuzz", "uharfbuzz"), ("bidi.algorithm", "python-bidi")):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    return missing


def unsupported(code: str) -> UnsupportedScriptError | None:
    """The refusal for a locale whose script this installation would print wrongly, or None."""
    script = script_of(code)
    if script in VERTICAL:
        needs, hint = ["vertical lines"], ""
    elif script in NO_SPACES:
        needs, hint = ["line breaks between words written without spaces"], ""
    elif needs_shaping(code) and (missing := missing_libraries()):
        needs = (["right-to-left line order"] if script in RIGHT_TO_LEFT else []) + \
            (["letters that join and change shape (text shaping)"]
             if script in NEEDS_SHAPING else [])
        hint = f".venv/bin/pip install {' '.join(missing)}"
    else:
        return None
    english = Locale.parse("en")
    name = Locale.parse(code).get_display_name(english) or code
    return UnsupportedScriptError(code, name, english.scripts.get(script, script), tuple(needs),
                                  install=hint)


def refuse_unsupported(code: str) -> None:
    """Raise UnsupportedScriptError for a script this installation cannot print correctly."""
    if (error := unsupported(code)) is not None:
        raise error
