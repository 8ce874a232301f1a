"""`generate.py i18n ...`: the translator's commands, standard pybabel underneath.

    extract            templates and brand -> locales/messages.pot
    init LOCALE        a new catalog and locale.toml (fonts chosen by coverage)
    update             extract, then merge new source text into every catalog
    status             per locale and handout: translated / fuzzy / untranslated, review
    check [LOCALE]     quality checks; exit 1 on any error
    review LOCALE --by NAME [--date YYYY-MM-DD]   record a qualified review
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.frontend import CommandLineInterface

from .. import __version__
from ..document.handout import discover_handouts
from ..errors import TranslationError, UsageError
from ..i18n.catalogs import catalog_fingerprint, load_catalog, review_status
from ..i18n.checks import check_locale
from ..i18n.locales import available_locales, negotiate
from ..i18n.messages import check_templates, completeness
from ..i18n.scripts import refuse_unsupported
from ..i18n.setup import choose_fonts, mark_reviewed, reviewer_name, write_locale_settings
from ..project import SOURCE_LOCALE, default_project_dir
from .args import Parser, parse_date

POT = Path("locales") / "messages.pot"


def _pybabel(project: Path, *args: str) -> None:
    """Run a pybabel command from the project folder (the mapping is in pyproject.toml)."""
    cwd = os.getcwd()
    try:
        os.chdir(project)
        CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]
    except SystemExit as exc:
        if exc.code:
            raise TranslationError(f"pybabel {args[0]} failed (exit {exc.code}).") from None
    finally:
        os.chdir(cwd)


def pad(text: str, width: int) -> str:
    """Left-align text in a terminal column, counting wide (CJK) characters twice."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def cmd_extract(project: Path, _: argparse.Namespace) -> int:
    check_templates(project)  # a syntax error names its file and line, not "<unknown>"
    _pybabel(project, "extract", "-F", "pyproject.toml", "-c", "Translators:",
             "--project", "handouts", "--version", __version__,
             "--copyright-holder", "The handouts project",
             "--msgid-bugs-address", "", "-o", str(POT), ".")
    print(f"Wrote {project / POT}")
    return 0


def cmd_init(project: Path, args: argparse.Namespace) -> int:
    code = args.locale
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"{code!r} is not a locale Babel knows.",
                         hint="use a Babel identifier such as ru, es_MX or zh_Hant.") from None
    folder = project / "locales" / code
    if (folder / "LC_MESSAGES" / "messages.po").exists():
        raise UsageError(f"{code} already has a catalog ({folder}).",
                         hint="use `i18n update` to bring it up to date.")
    refuse_unsupported(code)  # refuse before anything is written
    fonts = choose_fonts(code, project / "fonts")
    existed = folder.exists()
    try:
        cmd_extract(project, args)
        _pybabel(project, "init", "-i", str(POT), "-d", "locales", "-l", code)
        write_locale_settings(folder, code, fonts)
    except BaseException:
        if not existed:  # a failed init leaves nothing behind, so it can be run again
            shutil.rmtree(folder, ignore_errors=True)
        raise
    print(f"Created {folder}/LC_MESSAGES/messages.po and locale.toml "
          f"(fonts: {', '.join(fonts)}).")
    example = next(iter(discover_handouts(project / "templates", broken=[])), "HANDOUT")
    print(f"Next: translate it in Poedit, then `python generate.py {example} --locale {code}"
          f" --draft --output {code}.pdf` to preview.")
    return 0


def cmd_update(project: Path, args: argparse.Namespace) -> int:
    cmd_extract(project, args)
    _pybabel(project, "update", "-i", str(POT), "-d", "locales", "--previous")
    print("Merged new source text into every catalog; changed messages are marked fuzzy.")
    return 0


def cmd_status(project: Path, _: argparse.Namespace) -> int:
    locales = available_locales(project / "locales")
    handouts = discover_handouts(project / "templates")
    print(f"{'LOCALE':9} {'LANGUAGE':22} {'HANDOUT':16} {'DONE':>5} {'FUZZY':>5} "
          f"{'TODO':>5}  REVIEW")
    for code, settings in locales.items():
        review, status = settings.review, review_status(settings)
        reviewed = {"reviewed": f"reviewed by {review.by} on {review.date}",
                    "changed-since-review": f"changed since the review of {review.date}: "
                                            f"needs review"}.get(status, status)
        for meta in handouts.values():
            c = completeness(settings, meta, project)
            print(f"{code:9} {pad(settings.native_name, 22)} {meta.name[:16]:16} "
                  f"{c.percent:4.0f}% {len(c.fuzzy):5} {len(c.untranslated):5}  {reviewed}")
    return 0


def cmd_check(project: Path, args: argparse.Namespace) -> int:
    locales = available_locales(project / "locales")
    chosen = [negotiate(args.locale, locales)] if args.locale else list(locales.values())
    errors = warnings = 0
    for settings in chosen:
        seen = set()  # the layout and brand messages are in every handout: report them once
        for meta in discover_handouts(project / "templates").values():
            for finding in check_locale(settings, meta, project):
                if (finding.path, finding.line, finding.msgid, finding.kind) in seen:
                    continue
                seen.add((finding.path, finding.line, finding.msgid, finding.kind))
                print(finding.show())
                errors += finding.severity == "error"
                warnings += finding.severity == "warning"
    names = ", ".join(s.code for s in chosen if s.code != SOURCE_LOCALE)
    print(f"Checked {names}: {errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


def cmd_review(project: Path, args: argparse.Namespace) -> int:
    settings = negotiate(args.locale, available_locales(project / "locales"))
    if settings.code == SOURCE_LOCALE:
        raise UsageError("English is the source language; review the handout itself instead.")
    for meta in discover_handouts(project / "templates").values():
        findings = [f for f in check_locale(settings, meta, project) if f.severity == "error"]
        if findings:
            raise TranslationError(
                f"{settings.code} still has {len(findings)} error(s); a review marks a finished "
                f"translation.", hint=f"run `python generate.py i18n check {settings.code}`.")
    today = dt.date.today()
    date = args.date or today
    catalog, _ = load_catalog(settings)
    assert catalog is not None
    mark_reviewed(settings.folder / "locale.toml", args.by, date, catalog_fingerprint(catalog),
                  today)
    print(f"Marked {settings.code} reviewed by {args.by} on {date.isoformat()}.")
    return 0


def _parser() -> Parser:
    parser = Parser(prog="generate.py i18n", description="Translation tools (see TRANSLATING.md).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    sub.add_parser("extract", help="templates -> locales/messages.pot")
    sub.add_parser("init", help="start a new language").add_argument("locale")
    sub.add_parser("update", help="merge new source text into every catalog")
    sub.add_parser("status", help="how complete each translation is")
    sub.add_parser("check", help="quality checks").add_argument("locale", nargs="?")
    review = sub.add_parser("review", help="record that a qualified translator reviewed it")
    review.add_argument("locale")
    review.add_argument("--by", required=True, type=reviewer_name,
                        help="reviewer's name and credentials")
    review.add_argument("--date", type=parse_date, help="review date (default: today)")
    return parser


COMMANDS = {"extract": cmd_extract, "init": cmd_init, "update": cmd_update,
            "status": cmd_status, "check": cmd_check, "review": cmd_review}


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    return COMMANDS[args.command](default_project_dir(), args)
