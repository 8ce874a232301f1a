"""Quality checks on a translation catalog, run by `i18n check` and by the gate.

Each finding names the locale, the .po file and line, and the msgid, so a
translator can go straight to it in Poedit or a text editor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from .catalogs import (
    Completeness,
    IncompleteTranslationError,
    SourceMessage,
    completeness,
    input_files,
    source_messages,
)
from .errors import TranslationError
from .fonts import FontChain, font_chain
from .load import HandoutMeta, load_brand
from .localize import SOURCE_LOCALE, LocaleSettings, load_catalog
from .render import INLINE_MARKUP

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%%")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)[^>]*?(/?)\s*>")
LETTER = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" blocks printing; "warning" is for the translator to judge
    kind: str  # missing, fuzzy, placeholder, markup, glyph, same
    locale: str
    path: Path
    line: int
    msgid: str
    problem: str

    def show(self) -> str:
        msgid = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{self.path}:{self.line}: {self.severity}: [{self.locale}] {self.problem}\n" \
               f"    msgid {msgid!r}"


def _placeholders(text: str) -> Counter[str]:
    return Counter(m.group(1) or "%%" for m in PLACEHOLDER.finditer(text))


def _lone_percent(msgstr: str) -> str | None:
    rest = PLACEHOLDER.sub("", msgstr)
    at = rest.find("%")
    if at < 0:
        return None
    return (f"a lone % in {rest[max(0, at - 12):at + 8]!r} would corrupt the printed text "
            f"(\"7 % halten\" prints \"7 {{}}lten\"); write %% for a percent sign")


def _format_problem(msgid: str, msgstr: str) -> str | None:
    """Format the translation for real, as Jinja's new-style gettext will."""
    if lone := _lone_percent(msgstr):
        return lone
    names = {name for name in _placeholders(msgid) if name != "%%"}
    wanted, got = _placeholders(msgid), _placeholders(msgstr)
    if wanted != got:
        missing = sorted(set(wanted) - set(got))
        extra = sorted(set(got) - set(wanted))
        return (f"placeholders differ from the source (missing: {', '.join(missing) or '-'}; "
                f"unexpected: {', '.join(extra) or '-'}); copy them exactly, e.g. %(page)s")
    values = {name: f"\x00{name}\x00" for name in names}
    expected = PLACEHOLDER.sub(lambda m: f"\x00{m.group(1)}\x00" if m.group(1) else "%", msgstr)
    try:
        formatted = msgstr % values
    except (ValueError, TypeError, KeyError) as exc:
        return f"the translation does not format ({exc}); write %% for a percent sign"
    if formatted != expected:
        return ("a lone % would corrupt the printed text (e.g. '7 % halten' prints "
                "'7 {}lten'); write %% for a percent sign")
    return None


def _tags(text: str) -> Counter[str]:
    return Counter(f"<{m.group(1)}{m.group(2).lower()}{m.group(3)}>" for m in TAG.finditer(text))


def _markup_problem(msgid: str, msgstr: str) -> str | None:
    found = _tags(msgstr)
    forbidden = sorted({t for t in found if t.strip("</>") not in INLINE_MARKUP})
    if forbidden:
        return (f"markup {', '.join(forbidden)} is not allowed in a translation "
                f"(only {', '.join(sorted(INLINE_MARKUP))}, and only as in the source)")
    if found != _tags(msgid):
        return (f"inline tags differ from the source: source has "
                f"{sorted(_tags(msgid).elements()) or 'none'}, translation has "
                f"{sorted(found.elements()) or 'none'}")
    return None


def key(message: Message) -> str:
    """The singular English text, which identifies an entry (plural or not)."""
    return message.id if isinstance(message.id, str) else str(message.id[0])


def _forms(message: Message) -> list[tuple[str, str]]:
    """(English, translation) pairs: one for a plain entry, one per plural form."""
    if isinstance(message.id, str):
        return [(message.id, message.string if isinstance(message.string, str) else "")]
    singular, plural = str(message.id[0]), str(message.id[1])
    strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else ("",)
    return [(singular if i == 0 and len(strings) > 1 else plural, s or "")
            for i, s in enumerate(strings)]


def _form_findings(msgid: str, msgstr: str, formatted: bool, chain: FontChain,
                   protected: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    if formatted and (problem := _format_problem(msgid, msgstr)):
        yield "error", "placeholder", problem
    if problem := _markup_problem(msgid, msgstr):
        yield "error", "markup", problem
    if missing := chain.missing(msgstr):
        chars = ", ".join(f"{c!r} U+{ord(c):04X}" for c in missing)
        yield "error", "glyph", (f"no font in the chain {', '.join(chain.names)} can draw "
                                 f"{chars}; add a font (TRANSLATING.md) or change the text")
    for term in protected:
        if term in msgid and term not in msgstr:
            yield "error", "name", (f"{term!r} must appear exactly as written (names and "
                                    f"addresses are not translated)")


def _entry_findings(message: Message, source: SourceMessage | None, chain: FontChain,
                    protected: tuple[str, ...] = ()) -> Iterator[tuple[str, str, str]]:
    """(severity, kind, problem) for one catalog entry, every plural form checked."""
    forms = _forms(message)
    if not all(msgstr for _, msgstr in forms):
        yield "error", "missing", "not translated yet"
        return
    if message.fuzzy:
        yield "error", "fuzzy", "marked fuzzy: check the translation, then remove the fuzzy flag"
    formatted = source is None or not any(p.endswith(".toml") for p, _ in source.locations)
    for msgid, msgstr in forms:
        yield from _form_findings(msgid, msgstr, formatted, chain, protected)
    msgid, msgstr = forms[0]
    if len(forms) == 1 and msgstr == msgid and LETTER.search(PLACEHOLDER.sub("", msgid)):
        yield "warning", "same", "the translation is the same as the English source"


def check_catalog(catalog: Catalog, sources: tuple[SourceMessage, ...], chain: FontChain,
                  locale: str, path: Path, protected: tuple[str, ...] = ()) -> list[Finding]:
    """All findings for one catalog, in file order; messages the templates lack come first."""
    findings: list[Finding] = []
    by_id = {s.id: s for s in sources}
    for source in sources:
        if source.id not in catalog:
            findings.append(Finding("error", "missing", locale, path, 1, source.id,
                                    f"new in {source.where}, missing from the catalog; run "
                                    f"`python generate.py i18n update`"))
    for message in catalog:
        if not message.id or key(message) not in by_id:
            continue  # the header, or an entry no template uses any more
        for severity, kind, problem in _entry_findings(message, by_id[key(message)], chain,
                                                       protected):
            findings.append(Finding(severity, kind, locale, path, message.lineno or 1,
                                    key(message), problem))
    return findings


def check_locale(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path) -> list[Finding]:
    """Findings for one locale and handout, against the templates as they are now."""
    if settings.code == SOURCE_LOCALE:
        return []
    files = (settings.po_path, *input_files(project_dir, meta))
    try:
        stamps = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        stamps = ()  # a missing file: load_catalog below says which, clearly
    return list(_check_cached(settings, meta, project_dir, stamps))


@lru_cache(maxsize=64)
def _check_cached(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path,
                  stamps: tuple[tuple[Path, int, int], ...]) -> tuple[Finding, ...]:
    """The checks, re-run only when the catalog, a template or the brand file changes."""
    catalog, _ = load_catalog(settings)
    assert catalog is not None
    chain = font_chain(project_dir / "fonts", settings.fonts)
    protected = load_brand(project_dir / "brand" / "brand.toml").protected_terms
    return tuple(check_catalog(catalog, source_messages(project_dir, meta), chain,
                               settings.code, settings.po_path, protected))


class UnsafeTranslationError(TranslationError):
    """A translation would print wrongly: broken placeholders, markup or missing glyphs."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "\n".join(f.show() for f in findings[:5])
        more = f"\n... and {len(findings) - 5} more" if len(findings) > 5 else ""
        super().__init__(f"{len(findings)} problem(s) would print wrongly:\n{shown}{more}",
                         hint=f"fix them in {findings[0].path}, then run "
                              f"`python generate.py i18n check {findings[0].locale}`.")


DRAFT_TOLERATES = frozenset({"missing", "fuzzy"})


def gate(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path, *,
         draft: bool = False) -> Completeness:
    """Refuse to print an incomplete or unsafe translation (drafts may be incomplete)."""
    result = completeness(settings, meta, project_dir)
    if settings.code == SOURCE_LOCALE:
        return result
    if not result.complete and not draft:
        raise IncompleteTranslationError(result, settings.po_path)
    errors = [f for f in check_locale(settings, meta, project_dir)
              if f.severity == "error" and f.kind not in DRAFT_TOLERATES]
    if errors:
        raise UnsafeTranslationError(errors)
    return result
