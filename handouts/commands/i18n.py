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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.frontend import CommandLineInterface

from .. import __version__
from ..document.handout import discover_handouts
from ..errors import HandoutError, TranslationError, UsageError
from ..i18n import setup
from ..i18n.catalogs import catalog_fingerprint, load_catalog, review_status
from ..i18n.checks import check_locale
from ..i18n.locales import available_locales, negotiate
from ..i18n.messages import check_templates, completeness
from ..i18n.scripts import refuse_unsupported
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
    except (OSError, ValueError, LookupError) as exc:  # e.g. a catalog it cannot read
        raise TranslationError(f"pybabel {args[0]} failed: {exc}") from None
    finally:
        os.chdir(cwd)


def _extract(project: Path, output: Path) -> None:
    """Extract the English into `output`, replacing it in one step only when complete."""
    check_templates(project)  # a syntax error names its file and line, not "<unknown>"
    name = str(output.with_name(f".{output.name}.{os.getpid()}.tmp"))  # usual permissions
    try:
        _pybabel(project, "extract", "-F", "pyproject.toml", "-c", "Translators:",
                 "--project", "handouts", "--version", __version__,
                 "--copyright-holder", "The handouts project",
                 "--msgid-bugs-address", "", "-o", name, ".")
        os.replace(name, output)
    except OSError as exc:
        raise TranslationError(f"could not write {output}: {exc.strerror or exc}.",
                               hint="free some disk space or let this account write there, "
                                    "then run the command again.") from None
    finally:
        Path(name).unlink(missing_ok=True)


def pad(text: str, width: int) -> str:
    """Left-align text in a terminal column, counting wide (CJK) characters twice."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def cmd_extract(project: Path, _: argparse.Namespace) -> int:
    _extract(project, project / POT)
    print(f"Wrote {project / POT}")
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


def _complete(project: Path, code: str, tmp: Path, pot: Path, fonts: list[str]) -> str:
    """Build what locales/CODE lacks in `tmp` and move it into place; say what was done.

    A catalog that holds translations is merged with `pot`, keeping them all.
    """
    folder = project / "locales" / code
    kept = setup.translations_in(folder / setup.CATALOG)
    if kept:
        (tmp / code / setup.CATALOG).parent.mkdir(parents=True)
        shutil.copy2(folder / setup.CATALOG, tmp / code / setup.CATALOG)
        _pybabel(project, "update", "-i", str(pot), "-d", str(tmp), "-l", code, "--previous")
    else:
        _pybabel(project, "init", "-i", str(pot), "-d", str(tmp), "-l", code)
    if fonts:
        setup.write_locale_settings(tmp / code, code, fonts)
    existed = folder.exists()
    setup.move_into_place(tmp / code, folder)
    chain = f"(fonts: {', '.join(fonts)})"
    if not existed:
        return f"Created {folder}/LC_MESSAGES/messages.po and locale.toml {chain}."
    catalog = (f"kept the {kept} translation(s) in its messages.po, merged with the current "
               f"English" if kept else "wrote a new messages.po")
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
        with setup.staging(project) as tmp:
            _extract(project, tmp / POT.name)
            done = _complete(project, code, tmp, tmp / POT.name, fonts)
            os.replace(tmp / POT.name, project / POT)
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
                print(_complete(project, code, tmp, project / POT, fonts))
    except HandoutError as exc:
        return TranslationError(f"{folder} lacks {' and '.join(map(str, lacks))} and could "
                                f"not be completed: {exc.message}", hint=exc.hint)
    return None


def cmd_update(project: Path, args: argparse.Namespace) -> int:
    cmd_extract(project, args)
    problems = {code: problem for code, lacks in setup.half_made(project / "locales").items()
                if (problem := _mend(project, code, lacks)) is not None}
    _pybabel(project, "update", "-i", str(POT), "-d", "locales", "--previous")
    print("Merged new source text into every catalog; changed messages are marked fuzzy.")
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
    setup.mark_reviewed(settings.folder / "locale.toml", args.by, date,
                        catalog_fingerprint(catalog), today)
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
    review.add_argument("--by", required=True, type=setup.reviewer_name,
                        help="reviewer's name and credentials")
    review.add_argument("--date", type=parse_date, help="review date (default: today)")
    return parser


COMMANDS = {"extract": cmd_extract, "init": cmd_init, "update": cmd_update,
            "status": cmd_status, "check": cmd_check, "review": cmd_review}


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    return COMMANDS[args.command](default_project_dir(), args)
