"""`generate.py i18n ...`: the translator's commands (TRANSLATING.md), gettext underneath.

    extract            English -> locales/<handout>.pot and locales/shared.pot
    init LOCALE        a new language: locale.toml (fonts chosen by coverage) and catalogs
    update             extract, then bring every catalog whose English changed up to date
    status             per locale and handout: translated / fuzzy / untranslated, review
    check [LOCALE]     quality checks; exit 1 on any error
    review LOCALE CATALOG --by NAME [--date YYYY-MM-DD]   record a qualified review of
                       one handout's translation (or of the shared text: CATALOG "shared")
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from babel import Locale, UnknownLocaleError

from ..document.handout import HandoutMeta, discover_handouts
from ..document.untranslated import unmarked_texts
from ..errors import HandoutError, TranslationError, UsageError
from ..i18n import setup
from ..i18n.catalogs import fingerprint, read_catalog
from ..i18n.checks import check_locale
from ..i18n.domains import SHARED, library_domains
from ..i18n.locales import Review, available_locales, negotiate, read_settings
from ..i18n.memory import Memory, legacy_catalog
from ..i18n.messages import check_templates, domain_completeness, domain_messages
from ..i18n.review import catalog_review, describe, record_review
from ..i18n.scripts import refuse_unsupported
from ..i18n.update import extract_all, merge, template, update_all
from ..project import SOURCE_LOCALE, Project, default_project_dir
from .args import Parser, parse_date
from .fit import fit_problems


def pad(text: str, width: int) -> str:
    """Left-align text in a terminal column, counting wide (CJK) characters twice."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def cmd_extract(project: Path, _: argparse.Namespace) -> int:
    check_templates(project)  # a syntax error names its file and line, not "<unknown>"
    changed = extract_all(Project(project))
    print(f"Wrote the English of {len(changed)} changed catalog(s) to "
          f"{project / 'locales'}/<catalog>.pot; the others were already up to date.")
    return 0


def _babel_code(code: str) -> str:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"{code!r} is not a locale Babel knows.",
                         hint="use a Babel identifier such as ru, es_MX or zh_Hant.") from None
    if code == SOURCE_LOCALE:
        raise UsageError(f"{code} is the source language: its text is the templates "
                         f"themselves, so it has no catalog.")
    return code


def _fonts_for(project: Path, code: str, lacks: tuple[Path, ...]) -> list[str]:
    """Refuse a script that cannot print; choose fonts when locale.toml is to be written."""
    refuse_unsupported(code)
    return setup.choose_fonts(code, project / "fonts") if setup.SETTINGS in lacks else []


@contextmanager
def _left_as_it_was(folder: Path, code: str) -> Iterator[None]:
    """On any failure, say that the language folder is as it was, and what to run."""
    was = f"{folder} is as it was" if folder.exists() else f"nothing was written to {folder}"
    again = f"`python generate.py i18n init {code}` can be run again at any time"
    try:
        yield
    except HandoutError as exc:
        exc.hint = f"{exc.hint} {was[0].upper()}{was[1:]}: {again}.".lstrip()
        raise
    except OSError as exc:
        raise TranslationError(
            f"could not write {folder}: {exc.strerror or exc} "
            f"({exc.filename or 'no file name'}); {was}.",
            hint=f"free some disk space or let this account write to {folder.parent}, "
                 f"then {again}.") from None


def _complete(project: Path, code: str, tmp: Path, fonts: list[str]) -> str:
    """Build what locales/CODE lacks in `tmp` and move it into place; say what was done.

    Work happens on a copy, so the folder is as it was until the end; every
    translation already there (or in an older single catalog) is kept.
    """
    folder, staged = project / "locales" / code, tmp / code
    kept = sum(setup.translations_in(p) for p in folder.glob("LC_MESSAGES/*.po"))
    if folder.exists():
        shutil.copytree(folder, staged)
    if fonts:
        setup.write_locale_settings(staged, code, fonts)
    settings = read_settings(staged)
    memory = Memory(settings, Project(project))
    for domain in library_domains(Project(project)):
        merge(settings, template(Project(project), domain), memory)
    if (legacy := legacy_catalog(settings)).is_file():
        os.replace(legacy, legacy.with_name(legacy.name + ".migrated"))
    existed = folder.exists()
    setup.move_into_place(staged, folder)
    chain = f"(fonts: {', '.join(fonts)})"
    if not existed:
        return f"Created {folder}: locale.toml {chain} and a catalog per handout."
    catalog = (f"kept the {kept} translation(s) in its catalogs, merged with the current "
               f"English" if kept else "wrote its catalogs")
    made = f"wrote locale.toml {chain}" if fonts else "kept its locale.toml"
    return f"Completed {folder}: {catalog}; {made}."


def cmd_init(project: Path, args: argparse.Namespace) -> int:
    code = _babel_code(args.locale)
    folder = project / "locales" / code
    lacks = setup.lacking(folder)
    if not lacks:
        raise UsageError(f"{code} already has a catalog ({folder}).",
                         hint="use `i18n update` to bring it up to date.")
    with _left_as_it_was(folder, code):
        fonts = _fonts_for(project, code, lacks)  # refuse before anything is written
        check_templates(project)
        with setup.staging(project) as tmp:
            done = _complete(project, code, tmp, fonts)
    print(done)
    example = next(iter(discover_handouts(project / "templates", broken=[])), "HANDOUT")
    print(f"Next: translate it in Poedit, then `python generate.py {example} --locale {code}"
          f" --draft --output {code}.pdf` to preview.")
    return 0


def _mend(project: Path, code: str, lacks: tuple[Path, ...]) -> HandoutError | None:
    """Complete a half-made language folder from the current template, or say why not."""
    folder = project / "locales" / code
    try:
        with _left_as_it_was(folder, code):
            fonts = _fonts_for(project, _babel_code(code), lacks)
            with setup.staging(project) as tmp:
                print(_complete(project, code, tmp, fonts))
    except HandoutError as exc:
        return TranslationError(f"{folder} lacks {' and '.join(map(str, lacks))} and could "
                                f"not be completed: {exc.message}", hint=exc.hint)
    return None


def cmd_update(project: Path, args: argparse.Namespace) -> int:
    check_templates(project)  # a syntax error names its file and line, not "<unknown>"
    problems = {code: problem for code, lacks in setup.half_made(project / "locales").items()
                if (problem := _mend(project, code, lacks)) is not None}
    for line in update_all(Project(project)):
        print(line)
    print("New messages arrive untranslated (never with another sentence's translation); "
          "translate them in Poedit, then run `python generate.py i18n check`.")
    if len(problems) == 1:
        raise next(iter(problems.values()))
    if problems:
        listing = "\n    ".join(problem.message for problem in list(problems.values())[:6])
        again = ", ".join(f"`python generate.py i18n init {code}`" for code in problems)
        raise TranslationError(
            f"{len(problems)} half-made language folders could not be completed:\n    "
            f"{listing}", hint=f"fix what each says, then run {again} (or delete the folder "
                               f"of a language that is not wanted).")
    return 0


def cmd_status(project: Path, _: argparse.Namespace) -> int:
    """One line per language and catalog (each handout, then the shared text)."""
    locales = available_locales(project / "locales")
    domains = library_domains(Project(project))
    width = max([len("CATALOG"), *(len(d.name) for d in domains)])  # names in full
    print(f"{'LOCALE':9} {'LANGUAGE':22} {'CATALOG':{width}} {'DONE':>5} {'FUZZY':>5} "
          f"{'TODO':>5}  REVIEW")
    for code, settings in locales.items():
        if code == SOURCE_LOCALE:
            continue
        for domain in domains:
            try:
                c = domain_completeness(settings, domain.name, project, domain.meta)
                review = describe(catalog_review(settings, domain.name, project, domain.meta))
            except TranslationError as exc:
                print(f"{code:9} {pad(settings.native_name, 22)} {domain.name:{width}} "
                      f"{'':>5} {'':>5} {'':>5}  {exc.message}")
                continue
            print(f"{code:9} {pad(settings.native_name, 22)} {domain.name:{width}} "
                  f"{c.percent:4.0f}% {len(c.fuzzy):5} {len(c.untranslated):5}  {review}")
    return 0


def _unmarked(project: Path, handouts: list[HandoutMeta]) -> int:
    """Print each template text that would print untranslated (in every language); count."""
    found = dict.fromkeys(item for meta in handouts for item in unmarked_texts(meta, project))
    for path, line, text in found:
        print(f"{path}:{line or '?'}: error: this text is not marked for translation: {text!r}; "
              f"wrap it in {{% trans %}}...{{% endtrans %}}")
    return len(found)


def cmd_check(project: Path, args: argparse.Namespace) -> int:
    locales = available_locales(project / "locales")
    chosen = [negotiate(args.locale, locales)] if args.locale else list(locales.values())
    handouts = discover_handouts(project / "templates")
    errors, warnings = _unmarked(project, list(handouts.values())), 0
    for settings in chosen:
        seen = set()  # the layout and brand messages are in every handout: report them once
        for meta in handouts.values():
            for finding in check_locale(settings, meta, project):
                if (finding.path, finding.line, finding.msgid, finding.kind) in seen:
                    continue
                seen.add((finding.path, finding.line, finding.msgid, finding.kind))
                print(finding.show())
                errors += finding.severity == "error"
                warnings += finding.severity == "warning"
        if not args.no_fit:
            for problem in fit_problems(project, settings, list(handouts.values())):
                print(f"error: [{settings.code}] does not fit on paper: {problem}")
                errors += 1
    names = ", ".join(s.code for s in chosen if s.code != SOURCE_LOCALE)
    fit = "" if args.no_fit else ", every handout laid out in each variant"
    print(f"Checked {names}{fit}: {errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


def cmd_review(project: Path, args: argparse.Namespace) -> int:
    """Record that a qualified translator reviewed one catalog, as it is now."""
    settings = negotiate(args.locale, available_locales(project / "locales"))
    if settings.code == SOURCE_LOCALE:
        raise UsageError("English is the source language; review the handout itself instead.")
    handouts = discover_handouts(project / "templates")
    if args.catalog != SHARED and args.catalog not in handouts:
        raise UsageError(f"{args.catalog!r} is neither a handout nor \"shared\".",
                         hint=f"give one of: {', '.join([*handouts, SHARED])}.")
    meta = handouts.get(args.catalog)
    _refuse_unfinished(settings.code, args.catalog, [
        f for m in ([meta] if meta else handouts.values())
        for f in check_locale(settings, m, project) if f.severity == "error"
        and f.path == settings.catalog_path(args.catalog)])
    today = dt.date.today()
    msgids = [m.id for m in domain_messages(project, args.catalog, meta)]
    catalog = read_catalog(settings, args.catalog)
    record_review(settings.folder / "locale.toml", args.catalog,
                  Review("reviewed", args.by, args.date or today, fingerprint(catalog, msgids)),
                  today)
    print(f"Marked the {settings.code} translation of {args.catalog} reviewed by {args.by} "
          f"on {(args.date or today).isoformat()}; other catalogs keep their status.")
    if args.catalog != SHARED and catalog_review(settings, SHARED, project).status != "reviewed":
        print(f"Printouts of {args.catalog} in {settings.code} still say the translation is not "
              f"yet reviewed: the text every handout shares (labels, page furniture, legal "
              f"text) is not reviewed in {settings.code} yet. When it is: "
              f"generate.py i18n review {settings.code} shared --by \"...\"")
    return 0


def _refuse_unfinished(code: str, catalog: str, errors: list[object]) -> None:
    if errors:
        raise TranslationError(
            f"the {code} catalog {catalog} still has {len(errors)} error(s); a review marks "
            f"a finished translation.", hint=f"run `python generate.py i18n check {code}`.")


def _parser() -> Parser:
    parser = Parser(prog="generate.py i18n", description="Translation tools (see TRANSLATING.md).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    sub.add_parser("extract", help="the English -> locales/<catalog>.pot")
    sub.add_parser("init", help="start a new language").add_argument("locale")
    sub.add_parser("update", help="merge new source text into every catalog")
    sub.add_parser("status", help="how complete each translation is")
    check = sub.add_parser("check", help="quality checks, and whether every handout fits "
                                         "on paper in each variant")
    check.add_argument("locale", nargs="?")
    check.add_argument("--no-fit", action="store_true",
                       help="skip laying out every handout (the slow part)")
    review = sub.add_parser("review", help="record that a qualified translator reviewed it")
    review.add_argument("locale")
    review.add_argument("catalog", help='the handout reviewed, or "shared" for the text '
                                        'every handout shares')
    review.add_argument("--by", required=True, type=setup.reviewer_name,
                        help="reviewer's name and credentials")
    review.add_argument("--date", type=parse_date, help="review date (default: today)")
    return parser


COMMANDS = {"extract": cmd_extract, "init": cmd_init, "update": cmd_update,
            "status": cmd_status, "check": cmd_check, "review": cmd_review}


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    return COMMANDS[args.command](default_project_dir(), args)
