"""Stage 3: build the document model from a handout's template, in one language.

Jinja2 runs sandboxed (content authors are not developers), with
``StrictUndefined`` (a missing variable fails loudly) and autoescaping (text
from data can never become markup).  Translations are passed into each
render's context rather than installed on the shared environment, so
concurrent renders in different languages cannot mix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import (
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import ContentError, HandoutError
from ..i18n.gate import Translation
from ..i18n.locales import LocaleSettings
from .authoring import HandoutLoader
from .brand import Brand
from .handout import HandoutMeta
from .markup import parse_document
from .model import Document
from .placeholders import fill, traceback_position
from .rules import EXTENSIONS, INLINE_MARKUP, POLICIES
from .sandbox import SANDBOX_RULES, HandoutSandbox, TemplateLimitError, budget

_ALLOWED_TAGS = {f"&lt;{tag}&gt;": f"<{tag}>" for tag in ("b", "/b")}
_ALLOWED_TAGS.update({"&lt;br/&gt;": "<br/>", "&lt;br&gt;": "<br/>"})
assert {t.strip("</>") for t in _ALLOWED_TAGS.values()} == INLINE_MARKUP


@dataclass(frozen=True)
class BuildContext:
    """One language's view of a handout: who prints it, in what language, for whom."""

    meta: HandoutMeta
    brand: Brand
    translation: Translation  # from the gate: the only way in
    print_date: dt.date
    values: Mapping[str, str]  # personal fields, already formatted

    @property
    def locale(self) -> LocaleSettings:
        return self.translation.locale


@lru_cache(maxsize=4)
def environment(templates_dir: Path) -> SandboxedEnvironment:
    """One Jinja environment per templates folder; templates reload when edited."""
    env = HandoutSandbox(
        loader=HandoutLoader(str(templates_dir)),  # a `.md` handout arrives compiled
        # Compiled templates (code, never patient data) in the user's temp folder,
        # so each new process skips compiling them; Jinja checks their freshness.
        # The pattern names the sandbox's rules: code compiled under older rules (a
        # repetition folded into a constant, say) is never reused.
        bytecode_cache=FileSystemBytecodeCache(pattern=f"__handouts_{SANDBOX_RULES}_%s.cache"),
        undefined=StrictUndefined,
        autoescape=True,
        extensions=list(EXTENSIONS),
        auto_reload=True,
    )
    env.policies.update(POLICIES)
    # New-style gettext, as the Babel mapping extracts it: {% trans %} blocks call
    # gettext(message, **variables) and our functions (in each render's context)
    # format, so "%" handling is the same in every message.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    return env


def _translator(ctx: BuildContext) -> Callable[[str], str]:
    """Look a message up; in a draft, mark text the catalog does not translate yet."""
    translate = ctx.translation.translations.gettext
    if not ctx.translation.marks_untranslated:
        return translate

    same = ctx.translation.same_on_purpose

    def marking(message: str) -> str:
        result = translate(message)
        return f"\x00{result}\x01" if result == message and message not in same else result
    return marking


def _gettext_functions(ctx: BuildContext) -> dict[str, Callable[..., Any]]:
    """New-style gettext for templates: translate, then format named placeholders."""
    translate = _translator(ctx)
    code = ctx.locale.code  # fill() names a catalog at fault, refuses a missing value

    def gettext(message: str, **variables: Any) -> str:
        return fill(message, _mark(message_markup(translate(message))), variables, code)

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        translated = ctx.translation.translations.ngettext(singular, plural, num)
        return fill(singular if num == 1 else plural, message_markup(translated), variables, code)

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}


def message_markup(text: str) -> Markup:
    """A message as markup: everything escaped except the inline tags we allow.

    A translation is data, not code: an ``&`` prints as ``&`` and an ``<img>``
    prints literally (and ``i18n check`` reports it), never as markup.
    """
    escaped = str(Markup.escape(text))
    for entity, tag in _ALLOWED_TAGS.items():
        escaped = escaped.replace(entity, tag)
    return Markup(escaped)


def _mark(text: Markup) -> Markup:
    if "\x00" not in text:
        return text
    # str() first: Markup.replace would escape the tags we are adding.
    return Markup(str(text).replace("\x00", "<untranslated>").replace("\x01", "</untranslated>"))


def long_date(day: dt.date | None, locale: LocaleSettings) -> str:
    """A date with the month spelled out in the locale's own words (never 11/12/2026)."""
    if day is None:
        return ""
    return format_date(day, format="long", locale=locale.babel)


def unbroken_date(day: dt.date | None, locale: LocaleSettings) -> str:
    """long_date with no-break spaces: a date in the document line never breaks across
    lines ("20 de noviembre" / "de 2025"), whatever breaks around it."""
    return long_date(day, locale).replace(" ", "\u00a0")


def _brand_texts(ctx: BuildContext) -> dict[str, Any]:
    """The brand, with its sentences translated (plain gettext: no placeholders)."""
    tr = _translator(ctx)
    b = ctx.brand
    return {
        "name": b.name, "address": b.address,
        "phone_day": b.phone_day, "phone_after_hours": b.phone_after_hours,
        "copyright_holder": b.copyright_holder, "copyright_year": b.copyright_year,
        "ownership": _mark(message_markup(tr(b.ownership))),
        "disclaimer": _mark(message_markup(tr(b.disclaimer))),
        "notice": _mark(message_markup(tr(b.notice))),
    }


def template_context(ctx: BuildContext) -> dict[str, Any]:
    meta = ctx.meta
    return {
        **_gettext_functions(ctx),
        "brand": _brand_texts(ctx),
        "handout": {
            "id": meta.id, "version": meta.version, "reviewed": meta.reviewed,
            "reviewed_by": meta.reviewed_by,
            "reviewed_on": unbroken_date(meta.reviewed_on, ctx.locale),
        },
        "printed_on": unbroken_date(ctx.print_date, ctx.locale),
        "untranslated": ctx.translation.untranslated if ctx.translation.marks_untranslated else 0,
        "translation": {
            "reviewed": ctx.translation.reviewed,
            "source": ctx.translation.is_source,
            "reviewed_by": ctx.translation.reviewed_by,
            "reviewed_on": unbroken_date(ctx.translation.reviewed_on, ctx.locale),
        },
    }


def expand_template(ctx: BuildContext, templates_dir: Path,
                    context: dict[str, Any] | None = None) -> str:
    """Run the Jinja template (with ``template_context(ctx)`` unless another context is
    given); errors name the template file and line."""
    env = environment(templates_dir)
    try:
        template = env.get_template(ctx.meta.template_name)
        with budget():
            return template.render(template_context(ctx) if context is None else context)
    except (SecurityError, TemplateLimitError, RecursionError) as exc:
        raise _refusal(exc, ctx, templates_dir) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:  # a layout piece, read by Jinja
        raise ContentError(f"a template cannot be read: {exc}", path=templates_dir,
                           hint="save every template as UTF-8 text.") from None
    except TemplateSyntaxError as exc:
        path = Path(exc.filename) if exc.filename else templates_dir / (exc.name or "?")
        raise ContentError(f"template syntax error: {exc.message}", path=path,
                           line=exc.lineno) from None
    except TemplateNotFound as exc:
        raise ContentError(f"the template {exc.name!r} was not found", path=templates_dir) from None
    except UndefinedError as exc:
        where, line = traceback_position(exc.__traceback__, templates_dir)
        raise ContentError(f"the template uses something that is not defined: {exc.message}",
                           path=where or ctx.meta.path, line=line,
                           hint="check the spelling of the variable, or remove it.") from None
    except HandoutError:
        raise
    except Exception as exc:  # 1/0, "a" + 1, out of memory: the template's, not a bug
        raise _refusal(exc, ctx, templates_dir) from None


def _refusal(exc: BaseException, ctx: BuildContext, templates_dir: Path) -> ContentError:
    """What a template did that a handout may not, at the file and line where it did it."""
    where, line = traceback_position(exc.__traceback__, templates_dir)
    if isinstance(exc, RecursionError):
        what = ("the template calls itself without end (a macro, include or block that "
                "never stops)")
    elif isinstance(exc, SecurityError):
        what = f"the template does something a handout may not: {exc}"
    elif isinstance(exc, MemoryError):
        what = "the template makes more text than memory holds"
    elif isinstance(exc, TemplateLimitError):
        what = str(exc)
    else:
        what = f"the template fails: {type(exc).__name__}: {str(exc)[:120]}"
    return ContentError(what, path=where or ctx.meta.path, line=line,
                        hint="templates hold text and simple markup; remove that expression "
                             "(AUTHORING.md shows what a handout can use).")


def build_document(ctx: BuildContext, templates_dir: Path) -> Document:
    """Stage 3 in full: template -> XML -> typed document model."""
    xml = expand_template(ctx, templates_dir)
    return parse_document(xml, path=ctx.meta.path, lang=ctx.locale.tag,
                          keywords=ctx.meta.keywords, values=ctx.values)
