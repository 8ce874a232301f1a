"""The one place where errors become HTTP answers.

Every :class:`~handouts.errors.HandoutError` (and every HTTP error Flask
raises) is turned into a :class:`Problem`: a status, a title, the message and
a hint written for the person at the desk.  Routes never build error
responses themselves.

Privacy: a problem's message never quotes what was typed (a character no font
has is named with the field it is in, not the text around it), and messages
are never logged, since a handout's own text may be quoted.  Unexpected
errors are logged as a type and stack frames only, never a message.  No
answer shows where the server keeps its files: :func:`relative_paths` cuts
paths down to the project folder (or to a bare file name outside it).
"""

from __future__ import annotations

import re
import traceback
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException

from ..errors import (
    ContentError,
    FontError,
    GlyphError,
    HandoutError,
    IncompleteTranslationError,
    InternalError,
    PrintError,
    RenderTimeoutError,
    TranslationError,
    UnknownHandoutError,
    UnknownLocaleError,
    UsageError,
)


@dataclass(frozen=True)
class Problem:
    """What went wrong, as the browser or an API client is told."""

    status: int
    title: str
    message: str
    hint: str = ""
    field: str = ""  # the form field at fault, for a 400

    def as_json(self) -> dict[str, str | int]:
        body: dict[str, str | int] = {"error": self.message, "hint": self.hint,
                                      "status": self.status, "title": self.title}
        if self.field:
            body["field"] = self.field
        return body


#: (exception class, HTTP status, hint for the desk or "" to keep the error's own), most
#: specific first.  Other HandoutErrors are the site's to fix: a handout's own file 409
#: (that handout is refused, the rest print), the brand file or font list 503 (nothing
#: prints until IT fixes it), a language whose locale.toml names a font family fonts.toml
#: lacks 409.  500 is for bugs alone.
_MAPPING: tuple[tuple[type[HandoutError], int, str], ...] = (
    (UsageError, 400, ""),
    (UnknownHandoutError, 404, "search for the handout on the front page: "
                               "its name, ID or a keyword such as \"spine\"."),
    (UnknownLocaleError, 404, "pick one of the languages listed for the handout."),
    (IncompleteTranslationError, 409, "print the English handout for now, and tell the "
                                      "translation team this language is not finished."),
    (TranslationError, 409, "print the English handout for now, and tell IT."),
    (GlyphError, 422, "tell IT: no font on the server has a character of this handout's "
                      "text in this language."),
    (RenderTimeoutError, 503, ""),
)
_HANDOUT_HINT = ("print another handout for now, and tell IT: this handout's file on the "
                 "server needs fixing. Nothing you typed was kept.")
_SITE_HINT = "tell IT: the handout files on the server need fixing. Nothing you typed was kept."
_LANGUAGE_FONT_HINT = ("print the handout in English or another language for now, and tell IT: "
                       "this language's settings name a font the server does not have yet.")


def problem_for(exc: HandoutError, typed: Mapping[str, str] | None = None) -> Problem:
    """Map one of the package's errors to its HTTP answer; ``typed`` is the personal
    details sent, to name the field a character no font has is in."""
    if isinstance(exc, GlyphError) and typed and any(typed.values()):
        # Typed text is compared as it printed (NFC: a name pasted decomposed matches);
        # a character in none of the fields is still never quoted with its text.
        field = next((name for name, value in typed.items()
                      if exc.char in unicodedata.normalize("NFC", value)), "")
        return typed_glyph_problem(exc, field)
    if isinstance(exc, InternalError):
        return unexpected_problem()
    if isinstance(exc, FontError) and exc.path.name == "locale.toml":
        # One language names a font fonts.toml lacks: refuse that language, like a broken
        # locale.toml, and print again as soon as the font is added (no restart).
        return Problem(409, exc.title, exc.message, _LANGUAGE_FONT_HINT)
    if isinstance(exc, PrintError):
        return Problem(exc.status, exc.title, exc.message, exc.hint)
    for kind, status, hint in _MAPPING:
        if isinstance(exc, kind):
            return Problem(status, exc.title, exc.message, hint or exc.hint,
                           getattr(exc, "field", ""))
    if isinstance(exc, ContentError):  # this handout's own file: the others still print
        return Problem(409, exc.title, exc.message, _HANDOUT_HINT)
    # the brand file or the font list: nothing prints until IT fixes it (a 500 is a bug)
    return Problem(503, exc.title, exc.message, _SITE_HINT)


def typed_glyph_problem(exc: GlyphError, field: str) -> Problem:
    """A typed character no font has: the field and the character, never the text (an
    integration engine logs error bodies; a patient's name must not be in them)."""
    from .forms import LABELS

    where = f"{LABELS.get(field, field)} ({field})" if field else "What was typed"
    message = (f"{where}: the character {exc.char!r} (U+{ord(exc.char):04X}) cannot be "
               f"printed; no font on the server has it.")
    return Problem(422, exc.title, message, "remove that character (an emoji or symbol, "
                   "say), or leave the field blank and write it by hand.", field)


class Refused(HTTPException):
    """A request the server will not serve (another site's form, a host name it does not
    answer to, a body that is not a form), with a hint for the desk."""

    def __init__(self, code: int, message: str, hint: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint
        self.extra_headers = dict(headers or {})

    def get_headers(self, environ: Any = None, scope: Any = None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), *self.extra_headers.items()]


_HTTP_HINTS = {404: "start again from the front page and search for the handout.",
               405: "use the form on the page.",
               413: "the form is too large; shorten the note."}


#: The desk's hints, as a program (an EHR asking for JSON) can act on them.
_LISTED = "GET /api/handouts lists every handout's id and name (docs/http-api.md)."
_DESK_HINTS = {kind: hint for kind, _, hint in _MAPPING}
_PROGRAM_HINTS = {
    _HTTP_HINTS[404]: _LISTED,
    _HTTP_HINTS[405]: "the Allow header lists the methods this address takes "
                      "(docs/http-api.md).",
    _HTTP_HINTS[413]: "send at most 64 KB; the note's limit is 300 characters.",
    _DESK_HINTS[UnknownHandoutError]: _LISTED,
    _DESK_HINTS[UnknownLocaleError]:
        "GET /api/handouts lists, for each handout, the languages ready for it.",
}


def for_program(problem: Problem) -> Problem:
    """The problem with the hint a program's author needs, where the desk's would send
    them to the front page."""
    return replace(problem, hint=_PROGRAM_HINTS.get(problem.hint, problem.hint))


def http_problem(exc: HTTPException) -> Problem:
    """Werkzeug's own errors (no such page, wrong method, request too large) and refusals."""
    status = exc.code or 500
    hint = getattr(exc, "hint", "") or _HTTP_HINTS.get(status, "")
    return Problem(status, exc.name, exc.description or exc.name, hint)


def unexpected_problem() -> Problem:
    return Problem(500, "Something went wrong",
                   "the handout could not be made because of an error in the program.",
                   "try again; if it happens again, tell IT the time it happened. "
                   "Nothing you typed was kept.")


def redacted_trace(exc: BaseException) -> str:
    """The exception's type and stack frames, without its message (it may quote patient data)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"Traceback (message withheld):\n{frames}{type(exc).__module__}.{type(exc).__name__}"


_PART = r"[^\s'\"/\\:,;()<>]+"  # one folder or file name
_ALONE = r"(?<![^\s'\"(\[=])"  # at the start, after a space, quote, bracket or "="
#: an absolute POSIX or Windows path, or one that climbs out of its folder ("fonts/../../x"),
#: standing alone (not "</b>", "and/or", a URL's path); group 1 is its last name
_OUTSIDE = re.compile(rf"{_ALONE}(?:(?:/|[A-Za-z]:\\)(?:{_PART}[/\\])*"
                      rf"|(?:{_PART}[/\\])*\.\.[/\\](?:{_PART}[/\\])*)({_PART})")


def relative_paths(text: str, roots: Iterable[Path]) -> str:
    """text with every absolute path cut: relative to the first root it is under
    ("templates/handouts/x.xml.j2"), or its bare file name when it is under none or
    climbs out of it with ".."."""
    for root in sorted({str(r).rstrip("/\\") for r in roots}, key=len, reverse=True):
        if root:
            text = text.replace(root + "/", "").replace(root + "\\", "")
    return _OUTSIDE.sub(r"\1", text)


def without_paths(problem: Problem, roots: Iterable[Path]) -> Problem:
    """The problem as it may be shown: no server paths in its message or hint."""
    roots = tuple(roots)
    return replace(problem, message=relative_paths(problem.message, roots),
                   hint=relative_paths(problem.hint, roots))
