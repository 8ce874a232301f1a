"""Which writing systems this version prints correctly; the others are refused.

ReportLab draws each character's own glyph, left to right.  That is right
for Latin, Cyrillic, Greek, Ethiopic, Hangul and Chinese, and wrong for
scripts whose letters change shape with their neighbours (Arabic,
Devanagari and the other Indic scripts, Myanmar, Khmer, Thai...) and for
scripts written right to left (Arabic, Hebrew...): Hindi printed "किसी" as
"कसिी", and Arabic ran its words left to right, with exit 0.  A page a
patient cannot read is worse than a refusal, so such a language is refused
at `i18n init`, `i18n check` and every render, saying why.
"""

from __future__ import annotations

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


def unsupported(code: str) -> UnsupportedScriptError | None:
    """The refusal for a locale whose script this version would print wrongly, or None."""
    script = script_of(code)
    needs = (["right-to-left line order"] if script in RIGHT_TO_LEFT else []) + \
        (["letters that join and change shape (text shaping)"] if script in NEEDS_SHAPING
         else [])
    if not needs:
        return None
    english = Locale.parse("en")
    name = Locale.parse(code).get_display_name(english) or code
    return UnsupportedScriptError(code, name, english.scripts.get(script, script), tuple(needs))


def refuse_unsupported(code: str) -> None:
    """Raise UnsupportedScriptError for a script this version cannot print correctly."""
    if (error := unsupported(code)) is not None:
        raise error
