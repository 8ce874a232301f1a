"""Stage 2 upkeep: bring every catalog up to date with the English, one handout at a time.

``i18n update`` extracts each domain's English into ``locales/<domain>.pot``
and merges it into that domain's catalog in every language.  Only a domain
whose English changed (or whose catalog is missing) is touched, so adding one
handout to a library of hundreds writes that handout's catalogs and nothing else.

New messages never arrive with another sentence's translation as their text
(gettext's fuzzy matching did that: "lie on your back" arrived as "lie on your
stomach").  Instead the translation memory (``memory.py``) fills in exact
matches that were reviewed in another handout, saying where they came from,
and offers near matches as translator comments only.
"""

from __future__ import annotations

import copy
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from .. import __version__
from ..errors import TranslationError
from ..project import SOURCE_LOCALE, Project
from .catalogs import replace_file
from .domains import SHARED, Domain, library_domains, pot_path
from .locales import LocaleSettings
from .memory import LEGACY, Memory, legacy_catalog
from .messages import domain_messages

# Header lines that change with the clock or the Babel release, not with the text.
_CREATED = re.compile(rb'^"(?:POT-Creation-Date|Generated-By): .*\\n"\n', re.M)
HEADER = """\
# English source text of the handout catalog "{domain}".
# Translate it in locales/<language>/LC_MESSAGES/{domain}.po (see TRANSLATING.md).
#"""


NEW_HEADER = """\
# {language} translation of the handout catalog "{domain}".
# Translators: see TRANSLATING.md. A qualified medical translator's
# review is recorded with `python generate.py i18n review`.
#"""


def template(project: Project, domain: Domain) -> Catalog:
    """The domain's English as a catalog template (what `.pot` holds)."""
    pot = Catalog(project="handouts", version=__version__, domain=domain.name, fuzzy=False,
                  copyright_holder="The handouts project", msgid_bugs_address="",
                  header_comment=HEADER.format(domain=domain.name))
    for message in domain_messages(project.root, domain.name, domain.meta):
        msgid = (message.id, message.plural) if message.plural else message.id
        pot.add(msgid, locations=message.locations, auto_comments=message.comments)
    return pot


def serialize(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=False)
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes, *, ignore_date: bool = False) -> bool:
    """Write a file in one step, only when its content changes (no churn in git)."""
    try:
        old = path.read_bytes()
    except OSError:
        old = None
    if old is not None and (old == data or ignore_date and
                            _CREATED.sub(b"", old) == _CREATED.sub(b"", data)):
        return False
    replace_file(path, data)
    return True


def extract_all(project: Project) -> dict[str, Catalog]:
    """Write each domain's `.pot`; return the templates whose English changed."""
    changed = {}
    for domain in library_domains(project):
        pot = template(project, domain)
        if write_if_changed(pot_path(project, domain.name), serialize(pot), ignore_date=True):
            changed[domain.name] = pot
    return changed


def read_catalog(path: Path) -> Catalog:
    try:
        with path.open("rb") as fh:
            return read_po(fh, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise TranslationError(f"{path}: cannot read this catalog ({exc}).",
                               hint="open it in Poedit and save it again, or run "
                                    "`msgfmt --check` on it, then run the command again."
                               ) from None


def merge(settings: LocaleSettings, pot: Catalog, memory: Memory) -> tuple[bool, int, int]:
    """Bring one catalog up to date with its template, without fuzzy guesses.

    Returns (written, reused from memory, suggested)."""
    pot = copy.deepcopy(pot)  # Catalog.update adopts the template's messages: each language
    path = settings.catalog_path(pot.domain or SHARED)  # fills its own, never the next's
    before = b""
    if path.is_file() and path.stat().st_size:  # an empty file: an editor died saving it
        catalog = read_catalog(path)
        catalog.locale = catalog.locale or settings.code
        before = _CREATED.sub(b"", serialize(catalog))  # as this Babel writes it
    else:
        catalog = Catalog(locale=settings.code, domain=pot.domain, fuzzy=False,
                          project="handouts", version=__version__,
                          copyright_holder="The handouts project",
                          header_comment=NEW_HEADER.format(domain=pot.domain,
                                                           language=settings.english_name))
        if (plural_forms := sibling_plural_forms(settings)) is not None:
            catalog.mime_headers = [("Plural-Forms", plural_forms)]
        memory.start(catalog)
    catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False)
    reused, suggested = memory.fill(catalog, pot.domain or SHARED)
    after = serialize(catalog)
    written = before != _CREATED.sub(b"", after) and write_if_changed(path, after)
    if not written:  # the same messages: keep the file as its editor wrote it (no churn)
        os.utime(path)  # up to date with its template (see stale())
    return written, reused, suggested


def stale(settings: LocaleSettings, domain: str, project: Project) -> bool:
    """The catalog is missing, or older than its template: the English changed since it
    was last merged (a merge that failed half-way, or `i18n extract` run on its own)."""
    path = settings.catalog_path(domain)
    try:
        return path.stat().st_mtime_ns < pot_path(project, domain).stat().st_mtime_ns
    except FileNotFoundError:
        return True


def sibling_plural_forms(settings: LocaleSettings) -> str | None:
    """The Plural-Forms the language's catalogs already use, so a new catalog agrees with
    them (and with translations moved from an old single catalog), whatever Babel's CLDR
    release says today (Babel 2.19 gives Spanish three forms where 2.18 gave two)."""
    folder = settings.folder
    for path in [folder / LEGACY, *sorted(folder.glob("LC_MESSAGES/*.po"))]:
        if path.is_file() and path.stat().st_size:
            try:
                return read_catalog(path).plural_forms
            except TranslationError:
                continue
    return None


def translated_locales(project: Project) -> Iterator[LocaleSettings]:
    from .locales import available_locales

    for code, settings in available_locales(project.locales_dir).items():
        if code != SOURCE_LOCALE:
            yield settings


def update_all(project: Project) -> list[str]:
    """Extract, then merge changed or missing domains into every language; say what was done."""
    before = {path.stem for path in project.locales_dir.glob("*.pot")}
    changed = extract_all(project)
    new = sorted(name for name in changed if name not in before)
    edited = sorted(name for name in changed if name in before)
    report = [f"New handout(s), their catalogs made in every language: {', '.join(new)}."] \
        if new else []
    if edited or not new:
        report.append(f"English changed in {len(edited)} catalog(s)"
                      f"{': ' + ', '.join(edited) if edited else ''}.")
    domains = library_domains(project)
    for settings in translated_locales(project):
        memory = Memory(settings, project)
        todo = {d.name: changed.get(d.name) for d in domains
                if d.name in changed or stale(settings, d.name, project)}
        written = reused = suggested = 0
        for name, pot in todo.items():
            pot = pot or template(project, next(d for d in domains if d.name == name))
            wrote, r, s = merge(settings, pot, memory)
            written, reused, suggested = written + wrote, reused + r, suggested + s
        if todo:
            report.append(f"{settings.code}: {written} catalog(s) updated; {reused} "
                          f"translation(s) reused from reviewed handouts, {suggested} "
                          f"suggestion(s) left as comments.")
        if (legacy := legacy_catalog(settings)).is_file():
            os.replace(legacy, legacy.with_name(legacy.name + ".migrated"))
            report.append(f"{settings.code}: moved every translation of {legacy.name} into "
                          f"the per-handout catalogs; the old file is now "
                          f"{legacy.name}.migrated (delete it once you are satisfied).")
    (project.locales_dir / "messages.pot").unlink(missing_ok=True)  # the old single template
    return report
