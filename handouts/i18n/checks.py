"""Quality checks on a translation catalog, run by `i18n check` and by the gate.

Babel's pattern: a registry of small checker functions, each given one
(English, translation) pair and answering with a problem or ``None``, so
each can be tested on in-memory messages.  Entry-level rules (untranslated,
fuzzy, same as the source) sit around them in :func:`entry_findings`.

Each finding names the locale, the .po file and line, and the msgid, so a
translator can go straight to it in Poedit or a text editor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..document.brand import load_brand
from ..document.handout import HandoutMeta
from ..document.rules import INLINE_MARKUP
from ..fonts import font_chain
from ..project import SOURCE_LOCALE, Project
from .catalogs import read_catalog
from .domains import SHARED
from .locales import LocaleSettings
from .messages import SourceMessage, domain_messages
from .scripts import unsupported

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%%")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)[^>]*?(/?)\s*>")
LETTER = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" blocks printing; "warning" is for the translator to judge
    kind: str  # missing, fuzzy, placeholder, markup, glyph, name, same, script
    locale: str
    path: Path
    line: int
    msgid: str
    problem: str

    def show(self) -> str:
        where = f"{self.path}:{self.line}: {self.severity}: [{self.locale}] {self.problem}"
        if not self.msgid:  # about the whole language, not one message
            return where
        msgid = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{where}\n    msgid {msgid!r}"


@dataclass(frozen=True)
class CheckContext:
    """What the checkers need to know beyond the message itself."""

    missing_glyphs: Callable[[str], list[str]]  # characters no font of the locale can draw
    fonts: tuple[str, ...] = ()
    protected: tuple[str, ...] = ()  # names that must stay as written
    formatted: bool = True  # the message goes through %-formatting at render time


Checker = Callable[[str, str, CheckContext], "str | None"]
#: kind -> checker; every (English, translation) form of every entry meets each one.
CHECKERS: dict[str, Checker] = {}


def checker(kind: str) -> Callable[[Checker], Checker]:
    def register(function: Checker) -> Checker:
        CHECKERS[kind] = function
        return function
    return register


#: Longest translation accepted: four times the English plus 80 characters. Real ones
#: run up to about three times ("Care team", "Equipo de atención médica"); a runaway
#: paste would take minutes to lay out, and a label many lines long would not fit the
#: table row or footer it sits in.
LENGTH_FACTOR, LENGTH_SLACK = 4, 80


@checker("length")
def check_length(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    limit = LENGTH_FACTOR * len(msgid) + LENGTH_SLACK
    if len(msgstr) <= limit:
        return None
    return (f"the translation is {len(msgstr):,} characters long, against {len(msgid):,} in "
            f"the English; the limit is {limit:,}. Was something pasted by mistake?")


#: Characters no font prints as text: controls (but line breaks and tabs, which lay out
#: as spaces), unassigned code points and noncharacters such as U+FFFF, private use,
#: lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                          "\ufffe\uffff\ue000-\uf8ff\ud800-\udfff]")


@checker("character")
def check_characters(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    """A character that would print as nothing or a box, or break the page's markup."""
    found = _UNPRINTABLE.search(msgstr)
    at = found.start() if found else _first_unassigned(msgstr)
    if at is None:
        return None
    return (f"U+{ord(msgstr[at]):04X} at character {at + 1} is not printable text (a "
            f"control, unassigned or private character, often pasted in invisibly); "
            f"delete it")


def _first_unassigned(text: str) -> int | None:
    """Where the first unassigned, private or surrogate code point is (each distinct
    character looked up once: a Chinese catalog repeats its characters)."""
    import unicodedata

    if text.isascii():
        return None
    bad = {c for c in set(text) if c > "\x7f" and unicodedata.category(c) in ("Cn", "Co", "Cs")}
    return next((i for i, c in enumerate(text) if c in bad), None) if bad else None


def _placeholders(text: str) -> Counter[str]:
    return Counter(m.group(1) or "%%" for m in PLACEHOLDER.finditer(text))


def _lone_percent(msgstr: str) -> str | None:
    rest = PLACEHOLDER.sub("", msgstr)
    at = rest.find("%")
    if at < 0:
        return None
    return (f"a lone % in {rest[max(0, at - 12):at + 8]!r} would corrupt the printed text "
            f"(\"7 % halten\" prints \"7 {{}}lten\"); write %% for a percent sign")


@checker("placeholder")
def check_placeholders(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    """Format the translation for real, as Jinja's new-style gettext will."""
    if not ctx.formatted:
        return None
    if lone := _lone_percent(msgstr):
        return lone
    # Named placeholders must match; %% is a literal percent sign, wherever the
    # translator needs one (TRANSLATING.md), whether or not the English has one.
    wanted = Counter({k: n for k, n in _placeholders(msgid).items() if k != "%%"})
    got = Counter({k: n for k, n in _placeholders(msgstr).items() if k != "%%"})
    if wanted != got:
        missing = sorted(set(wanted) - set(got))
        extra = sorted(set(got) - set(wanted))
        differ = [f"{what}: {', '.join(names)}" for what, names in
                  (("missing", missing), ("unexpected", extra)) if names] or \
            ["a placeholder appears a different number of times"]
        return (f"placeholders differ from the source ({'; '.join(differ)}); copy them "
                f"exactly, e.g. %(page)s")
    values = {name: f"\x00{name}\x00" for name in wanted}
    expected = PLACEHOLDER.sub(lambda m: f"\x00{m.group(1)}\x00" if m.group(1) else "%", msgstr)
    try:
        formatted = msgstr % values
    except (ValueError, TypeError, KeyError) as exc:
        return f"the translation does not format ({exc}); write %% for a percent sign"
    if formatted != expected:
        return ("a lone % would corrupt the printed text (e.g. '7 % halten' prints "
                "'7 {}lten'); write %% for a percent sign")
    return None


#: Names of HTML elements a translator might type as markup; other words in angle
#: brackets ("<una hora>", "<5 mg>") are ordinary text and print as written.
HTML_NAMES = frozenset({
    "a", "abbr", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "tt", "u", "ul", "var"})


def _tags(text: str) -> Counter[str]:
    return Counter(f"<{m.group(1)}{m.group(2).lower()}{m.group(3)}>" for m in TAG.finditer(text)
                   if m.group(2).lower() in HTML_NAMES)


@checker("markup")
def check_markup(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    """Only the inline tags the source has, and only those the renderer allows."""
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


@checker("glyph")
def check_glyphs(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    """Every character must be in one of the locale's fonts, or it prints as a blank box."""
    missing = ctx.missing_glyphs(msgstr)
    if not missing:
        return None
    chars = ", ".join(f"{c!r} U+{ord(c):04X}" for c in missing)
    return (f"no font in the chain {', '.join(ctx.fonts)} can draw {chars}; add a font "
            f"(TRANSLATING.md) or change the text")


@checker("name")
def check_protected_names(msgid: str, msgstr: str, ctx: CheckContext) -> str | None:
    """Names and addresses print as written: the hospital is not renamed in translation."""
    for term in ctx.protected:
        if term in msgid and term not in msgstr:
            return f"{term!r} must appear exactly as written (names and addresses are not " \
                   f"translated)"
    return None


#: The flag (Weblate's name for it) that says a translation is the English on purpose.
SAME_ON_PURPOSE = "ignore-same"


def key(message: Message) -> str:
    """The singular English text, which identifies an entry (plural or not)."""
    return message.id if isinstance(message.id, str) else str(message.id[0])


def forms(message: Message) -> list[tuple[str, str]]:
    """(English, translation) pairs: one for a plain entry, one per plural form."""
    if isinstance(message.id, str):
        return [(message.id, message.string if isinstance(message.string, str) else "")]
    singular, plural = str(message.id[0]), str(message.id[1])
    strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else ("",)
    return [(singular if i == 0 and len(strings) > 1 else plural, s or "")
            for i, s in enumerate(strings)]


def entry_findings(message: Message, ctx: CheckContext) -> Iterator[tuple[str, str, str]]:
    """(severity, kind, problem) for one catalog entry, every plural form checked."""
    pairs = forms(message)
    if not all(msgstr.strip() for _, msgstr in pairs):
        blank = any(msgstr and not msgstr.strip() for _, msgstr in pairs)
        yield "error", "missing", ("only spaces: not translated yet" if blank
                                   else "not translated yet")
        return
    if message.fuzzy:
        yield "error", "fuzzy", "marked fuzzy: check the translation, then remove the fuzzy flag"
    for msgid, msgstr in pairs:
        if problem := check_length(msgid, msgstr, ctx):  # nothing else is worth running
            yield "error", "length", problem
            continue
        for kind, check in CHECKERS.items():
            if problem := check(msgid, msgstr, ctx):
                yield "error", kind, problem
    msgid, msgstr = pairs[0]
    if len(pairs) == 1 and msgstr == msgid and LETTER.search(PLACEHOLDER.sub("", msgid)) \
            and SAME_ON_PURPOSE not in message.flags:
        yield "warning", "same", (f"the translation is the same as the English source; if "
                                  f"that is right (French \"Patient\"), add the flag "
                                  f"`#, {SAME_ON_PURPOSE}` to the entry")


#: What the library index leaves to the gate: completeness it counts itself, and the
#: checks that need the fonts (which the index never loads) or the brand file.
_INDEX_LEAVES = frozenset({"missing", "fuzzy", "glyph", "name"})


def unsafe_finding(catalog: Catalog, sources: tuple[SourceMessage, ...], locale: str,
                   path: Path) -> Finding | None:
    """The first error the gate would refuse this catalog for that the library index can
    see from the catalog alone (a placeholder left out, broken markup, a runaway paste):
    the index then lists the language as not ready instead of offering a 409."""
    ctx = CheckContext(lambda text: [])
    unfinished = {key(m) for m in catalog if m.id and m.fuzzy}  # incomplete, not broken: an
    return next((f for f in check_catalog(catalog, sources, ctx, locale, path)  # old text
                 if f.severity == "error" and f.kind not in _INDEX_LEAVES  # left fuzzy
                 and f.msgid not in unfinished), None)


def check_catalog(catalog: Catalog, sources: tuple[SourceMessage, ...], ctx: CheckContext,
                  locale: str, path: Path) -> list[Finding]:
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
        source = by_id[key(message)]
        # Brand sentences are printed as they are, never %-formatted.
        entry_ctx = CheckContext(ctx.missing_glyphs, ctx.fonts, ctx.protected, formatted=not any(
            p.endswith(".toml") for p, _ in source.locations))
        for severity, kind, problem in entry_findings(message, entry_ctx):
            findings.append(Finding(severity, kind, locale, path, message.lineno or 1,
                                    key(message), problem))
    return findings


def check_locale(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path) -> list[Finding]:
    """Findings for one locale and handout, against the templates as they are now."""
    if settings.code == SOURCE_LOCALE:
        return []
    if (refusal := unsupported(settings.code)) is not None:
        return [Finding("error", "script", settings.code, settings.folder / "locale.toml", 1,
                        "", refusal.message)]
    project = Project(project_dir)
    try:
        logo = load_brand(project.brand_file).logo
        files = project.render_inputs(meta.path, settings.folder, settings.fonts, logo)
        stamps = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        stamps = ()  # a missing file: load_catalog below says which, clearly
    return list(_check_cached(settings, meta, project_dir, stamps))


@lru_cache(maxsize=64)
def _check_cached(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path,
                  stamps: tuple[tuple[Path, int, int], ...]) -> tuple[Finding, ...]:
    """The checks, re-run only when a file that decides the render changes."""
    project = Project(project_dir)
    chain = font_chain(project.fonts_dir, settings.fonts, settings.folder / "locale.toml")
    ctx = CheckContext(chain.missing, chain.keys, load_brand(project.brand_file).protected_terms)
    findings: list[Finding] = []
    for domain, domain_meta in ((meta.name, meta), (SHARED, None)):
        catalog = read_catalog(settings, domain)
        assert catalog is not None
        findings += check_catalog(catalog, domain_messages(project_dir, domain, domain_meta),
                                  ctx, settings.code, settings.catalog_path(domain))
    return tuple(findings)
