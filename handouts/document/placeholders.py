"""Stage 1: fill a message's ``%(name)s`` placeholders, or say which template line is wrong.

Templates call new-style gettext: ``{{ _("© %(year)s", year=...) }}`` formats the
(translated) message with the values given.  A placeholder without a value, or
a lone ``%``, would otherwise end the render with a traceback from ``%`` (or, for
``% s``, print "{}" silently); here it is a :class:`ContentError` naming the
template file and line, found from the render's own stack.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from markupsafe import Markup

from ..errors import ContentError, TranslationError

#: What a message may contain after a %: a named placeholder, or %% (a percent sign).
_PERCENT = re.compile(r"%(?:%|\((?P<name>\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")


def _excerpt(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def template_position(frame: FrameType | None = None) -> tuple[str | None, int | None]:
    """The template file and line that is rendering now (the innermost one on the stack)."""
    frame = frame or sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.filename, template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None, None


def traceback_position(tb: TracebackType | None,
                       templates_dir: Path) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback Jinja has rewritten."""
    root = str(templates_dir)
    found: tuple[str | None, int | None] = (None, None)
    for summary in traceback.extract_tb(tb):
        if summary.filename.startswith(root):
            found = (summary.filename, summary.lineno)
    return found


def _problem(text: str, variables: Mapping[str, Any]) -> tuple[str, str] | None:
    """What is wrong with formatting ``text`` (message, what to do), or None."""
    rest = _PERCENT.sub("", text)
    if "%" in rest:
        at = rest.index("%")
        return (f"a % sign that is not a placeholder, in {rest[max(0, at - 15):at + 10]!r}",
                "write %% for a percent sign, or %(name)s for a value given in the call.")
    missing = [m["name"] for m in _PERCENT.finditer(text)
               if m["name"] and m["name"] not in variables]
    if missing:
        name = missing[0]
        return (f"the placeholder %({name})s, but the call gives no value for it",
                f"give it one in the call, e.g. {{{{ _(\"...%({name})s...\", {name}=...) }}}}, "
                f"or, for a percent sign, write %%.")
    return None


def fill(message: str, translated: Markup, variables: Mapping[str, Any],
         locale: str = "en") -> Markup:
    """``translated % variables``, refusing a placeholder without a value or a lone %."""
    problem = _problem(str(translated), variables)
    if problem is None:
        return translated % variables  # Markup's % escapes the values
    if str(translated) != message and _problem(message, variables) is None:
        raise TranslationError(  # the gate's checks should have refused it first
            f"the {locale} translation of {_excerpt(message)!r} has {problem[0]}.",
            hint=f"fix it in the {locale} catalog, then run "
                 f"`python generate.py i18n check {locale}`.")
    path, line = template_position()
    raise ContentError(f"the message {_excerpt(message)!r} has {problem[0]}.",
                       path=path or "(template)", line=line, hint=problem[1])
