"""Read and check what a browser or another system sends.

Two kinds of input, kept apart on purpose:

* :class:`PrintChoice` (language, large print, bilingual, paper) is not
  personal; it may travel in a URL and its PDF may be cached.
* :class:`~handouts.options.Personal` (name, clinician, date, note) is
  accepted in a POST body only, so it never lands in a URL, a server log or
  the browser's history, and it is never cached.

Every problem raises :class:`FieldError` naming the field (HTTP 400).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from ..errors import FieldError
from ..options import PAPER_SIZES, Personal

#: Longest accepted text, in characters, and how each field is called on the page.
LIMITS = {"patient_name": 100, "clinician": 100, "note": 300}
LABELS = {"patient_name": "Patient name", "clinician": "Care team", "note": "Note",
          "procedure_date": "Procedure date", "locale": "Language",
          "large_print": "Large print", "bilingual": "With English", "paper": "Paper size",
          "printer": "Printer", "patient_reference": "Patient reference"}
PERSONAL_FIELDS = ("patient_name", "clinician", "procedure_date", "note")
CHOICE_FIELDS = ("locale", "large_print", "bilingual", "paper")
#: for the FHIR record only (fhir.py): the EHR's id of the patient, never printed
RECORD_FIELDS = ("patient_reference",)
FORM_FIELDS = frozenset((*CHOICE_FIELDS, *PERSONAL_FIELDS, *RECORD_FIELDS, "printer"))
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_LOCALE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PrintChoice:
    """How to print a handout, without anything personal."""

    locale: str = "en"
    large_print: bool = False
    bilingual: bool = False
    paper: str | None = None  # None: the brand file decides

    def query(self) -> dict[str, str]:
        """The choice as URL parameters (for the preview image and PDF links)."""
        params = {"locale": self.locale}
        if self.large_print:
            params["large_print"] = "1"
        if self.bilingual:
            params["bilingual"] = "1"
        if self.paper:
            params["paper"] = self.paper
        return params


def _flag(values: Mapping[str, str], name: str) -> bool:
    text = values.get(name, "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldError(name, f"{LABELS[name]} ({name}) must be 1 or 0 (also true/false, yes/no, "
                           "on/off).")  # what was sent is not quoted: it may be anything


def parse_choice(values: Mapping[str, str], default_locale: str = "en") -> PrintChoice:
    """Language and format from a query string or a form."""
    locale = values.get("locale", "").strip() or default_locale
    if not _LOCALE.match(locale):
        raise FieldError("locale", "Language (locale) is not a language code like es, zh_Hant "
                                   "or zh-TW (what was sent is not quoted back).")
    paper = values.get("paper", "").strip().lower() or None
    if paper is not None and paper not in PAPER_SIZES:
        raise FieldError("paper", f"Paper size (paper) must be one of {', '.join(PAPER_SIZES)}.")
    return PrintChoice(locale, _flag(values, "large_print"), _flag(values, "bilingual"), paper)


def _text(values: Mapping[str, str], name: str) -> str:
    text = unicodedata.normalize("NFC", values.get(name, ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = LIMITS[name]
    if len(text) > limit:
        raise FieldError(name, f"{LABELS[name]} ({name}) is too long: {len(text)} characters; "
                               f"the limit is {limit}.", hint="shorten it and try again.")
    allowed = "\n" if name == "note" else ""
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise FieldError(name, f"{LABELS[name]} ({name}) contains a control character "
                               "(such as a tab or a line break); type plain text.")
    text = text.translate(_DIRECTION_MARKS).strip()  # pasted from a web page: invisible
    odd = next((c for c in text if unicodedata.category(c) in ("Cn", "Co", "Cs")), None)
    if odd is not None:
        raise FieldError(name, f"{LABELS[name]} ({name}) contains U+{ord(odd):04X}, which is "
                               "not a letter any font prints (an unassigned or private "
                               "character).", hint="retype it, without pasting.")
    return text


#: Direction marks and embeddings (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069): they
#: print as visible marks or reorder a name; a name runs in its own script's direction.
_DIRECTION_MARKS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F),
                                  *range(0x2066, 0x206A)])


#: How far ahead a procedure date may be; a typed year outside 1900 to this is a typo.
YEARS_AHEAD = 10


def date_bounds() -> tuple[str, str]:
    """The page's date field's min and max, the same years the server accepts."""
    return "1900-01-01", f"{dt.date.today().year + YEARS_AHEAD}-12-31"


def _date(values: Mapping[str, str], name: str) -> dt.date | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(name, f"{LABELS[name]} ({name}) is not a date; use YYYY-MM-DD, "
                               "e.g. 2026-11-23.") from None
    earliest, latest = date_bounds()
    if not earliest <= day.isoformat() <= latest:  # "0202" typed for "2026"
        raise FieldError(name, f"{LABELS[name]} ({name}) has an unlikely year: "
                               f"{day.year}.", hint="check the year and try again.")
    return day


def parse_personal(values: Mapping[str, str]) -> Personal:
    """The details printed on one copy; checked, never stored."""
    return Personal(patient_name=_text(values, "patient_name"),
                    clinician=_text(values, "clinician"),
                    procedure_date=_date(values, "procedure_date"),
                    note=_text(values, "note"))


def refuse_personal(values: Mapping[str, str]) -> None:
    """Personal details in a URL would end up in logs and browser history: refuse them."""
    for name in PERSONAL_FIELDS:
        if name in values:
            raise FieldError(name, f"{LABELS[name]} ({name}) cannot be sent in the address "
                                   "(a GET query); send it in a POST form.",
                             hint="use POST for a personalized handout, so the details are "
                                  "never written to logs or browser history.")


#: Address parameters every GET route accepts and ignores: a cache-buster (jQuery's
#: ``_``). The page also takes ``printer`` (docs/printing.md: a desk's bookmark).
IGNORED_PARAMS = ("_",)
#: Names integrators write for a known one, quoted back so the 400 says what was wrong.
MISSPELT = ("lang", "language", "name", "patient", "date", "largeprint", "large-print",
            "query", "search")
def shown_name(name: str, known: Iterable[str]) -> str:
    """A field or parameter name as an error may show it: a known name, or one close to
    a known name (a misspelling: ``lang``, ``patient-name``). Any other is not quoted: a
    form whose ``&`` was not encoded turns part of a patient's name into a field name."""
    known = tuple(known)
    if name in known or difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6):
        return name[:40]
    return "(a name not shown)"


def check_query(query: MultiDict[str, str], allowed: tuple[str, ...]) -> None:
    """A GET address holds only the parameters its page reads, each once: a misspelt
    ``lang=es`` or ``large-print=1`` would otherwise print the English, normal copy."""
    refuse_personal(query)
    for name in query:
        if name in IGNORED_PARAMS:
            continue
        shown = shown_name(name, (*allowed, *MISSPELT))
        if name not in allowed:
            raise FieldError(shown, f"the address has a parameter this page does not know: "
                                    f"{shown!r}. Known parameters: {', '.join(sorted(allowed))}.",
                             hint="correct its name, or leave it out: a language is chosen "
                                  "with locale (locale=es), large print with large_print=1.")
        if len(query.getlist(name)) > 1:
            raise FieldError(shown, f"{LABELS.get(shown, shown)} ({shown}) is in the address "
                                    "more than once; give it once.")


def check_posted(form: MultiDict[str, Any], files: MultiDict[str, Any],
                 query: Mapping[str, str]) -> None:
    """A POSTed form holds only the fields the page sends, each once and as text, and the
    address carries none of them: nothing is silently left out of the handout."""
    for name in (*CHOICE_FIELDS, *PERSONAL_FIELDS, *RECORD_FIELDS):
        if name in query:
            raise FieldError(name, f"{LABELS[name]} ({name}) was sent in the address of a "
                                   "POST; send it in the form body.",
                             hint="put every field in the POST body, so the details are "
                                  "never written to logs or browser history.")
    for name in (*files.keys(), *form.keys()):
        shown = shown_name(name, (*FORM_FIELDS, *MISSPELT))
        if name not in FORM_FIELDS:
            raise FieldError(shown, f"the form has a field this page does not know: {shown!r}. "
                                    f"Known fields: {', '.join(sorted(FORM_FIELDS))}.")
        if name in files:
            raise FieldError(shown, f"{LABELS[shown]} ({shown}) was sent as a file; "
                                    "send it as text.")
        if len(form.getlist(name)) > 1:
            raise FieldError(shown, f"{LABELS[shown]} ({shown}) was sent more than once.")
