"""The command line: ``python generate.py`` and ``python -m handouts``.

``main(argv=None)`` returns an exit code instead of exiting, so tests call it
directly.  User mistakes print one screen from :class:`HandoutError.show`
and exit with that error's code; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DuplicateHandoutError, HandoutError, UsageError
from ..options import DEFAULTS, PAPER_SIZES, RenderOptions
from ..project import HOME_VARIABLE, default_project_dir, site_problem
from .args import Parser, parse_date

if TYPE_CHECKING:
    from ..library import LocaleChoice


def _i18n(argv: list[str]) -> int:
    from . import i18n  # each subcommand loads only when it runs: a quick --help

    return i18n.main(argv)


def _pack(argv: list[str]) -> int:
    from . import pack

    return pack.main(argv)


def _serve(argv: list[str]) -> int:
    from . import serve

    return serve.main(argv)


def _clinical_review(argv: list[str]) -> int:
    from . import clinical

    return clinical.main(argv)


def _init_site(argv: list[str]) -> int:
    from . import init_site

    return init_site.main(argv)


#: `generate.py NAME ...` runs NAME's `main(argv) -> int`.
SUBCOMMANDS: dict[str, Callable[[list[str]], int]] = {
    "i18n": _i18n,
    "pack": _pack,
    "serve": _serve,
    "init-site": _init_site,
    "clinical-review": _clinical_review,
}

#: Commands that run without a site folder (or name their own with --project).
NEEDS_NO_SITE = ("init-site", "-h", "--help", "--version", "--project")


def require_site(argv: list[str]) -> None:
    """Stop with one screen when there is no site folder to read, before any work."""
    if any(a in NEEDS_NO_SITE or a.startswith("--project=") for a in argv):
        return
    problem = site_problem()
    if problem:
        raise UsageError(problem, hint="Create one with `handouts init-site /srv/handouts` "
                                       f"and set {HOME_VARIABLE}.")


def _version() -> str:
    """The installed version (pyproject.toml), for IT's and support's questions."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"handouts {version('handouts')}"
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "handouts (not installed)"


class _VersionAction(argparse.Action):
    """--version, looked up only when asked (importlib.metadata costs ~13 ms a run)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(_version())  # on standard output, as argparse's own version action does
        parser.exit()


def render_parser() -> Parser:
    parser = Parser(prog="generate.py",
                     description="Render a patient handout as a print-ready PDF.",
                     epilog="Other commands: i18n (translations), pack (print packs), "
                            "serve (the front-desk web page), init-site (a new site folder), "
                            "clinical-review (record a clinician's sign-off). "
                            "Try `generate.py i18n --help`.")
    parser.add_argument("handout", nargs="?",
                        help="handout name or ID, e.g. vertebroplasty or SPN-001")
    parser.add_argument("--list", action="store_true", help="list every handout and exit")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show the installed version and exit")
    parser.add_argument("--locale", default=DEFAULTS["locale"],
                        help="language, e.g. es, zh_Hant or zh-TW (default: %(default)s)")
    parser.add_argument("--output", "-o", type=Path, help="PDF file to write")
    parser.add_argument("--print-date", type=parse_date, default=None,
                        help="date printed on the handout, YYYY-MM-DD (default: today); "
                             "fixing it makes the output byte-identical")
    parser.add_argument("--large-print", action="store_true",
                        help=f"body text {DEFAULTS['large_print_size']:g} pt, for low vision")
    parser.add_argument("--bilingual", action="store_true",
                        help="print each block beside its English source")
    parser.add_argument("--draft", action="store_true",
                        help="preview an unfinished translation (marked DRAFT)")
    parser.add_argument("--paper", choices=tuple(PAPER_SIZES),
                        help="paper size (default: the brand file's)")
    return parser


def _render(args: argparse.Namespace) -> int:
    from ..pipeline import render_to_file

    if not args.handout:
        raise UsageError("name a handout to render, or use --list.",
                         hint="e.g. python generate.py vertebroplasty --locale en "
                              "--output out/vertebroplasty-en.pdf")
    if args.output is None:
        raise UsageError("--output is required: the PDF file to write.",
                         hint=f"e.g. --output out/{args.handout}-{args.locale}.pdf")
    options = RenderOptions(handout=args.handout, locale=args.locale,
                            print_date=args.print_date or dt.date.today(),
                            large_print=args.large_print, bilingual=args.bilingual,
                            draft=args.draft, paper=args.paper, project_dir=default_project_dir())
    rendered = render_to_file(options, args.output)
    print(f"Wrote {args.output} ({rendered.pages} pages, {len(rendered.pdf) / 1024:.0f} KB, "
          f"{rendered.meta.id} v{rendered.meta.version}, {rendered.locale.code})")
    return 0


#: Printed under the --list table.
LIST_FOOTNOTE = ("GRADE: Flesch-Kincaid grade of the English text (aim for 6 or below). "
                 "LOCALES: complete translations; * = not yet reviewed by a qualified translator; "
                 "! = changed since its review (to be reviewed again).")


def handout_rows(project_dir: Path, today: dt.date) -> tuple[list[tuple[str, ...]],
                                                            list[HandoutError]]:
    """One row per handout for --list, and the handouts left out because they are broken."""
    from ..library import build_index, review_text

    index = build_index(project_dir, today)
    rows: list[tuple[str, ...]] = [
        (e.meta.id, e.meta.name, e.title, e.meta.version, review_text(e.meta, today),
         f"{e.grade:.1f}",
         ", ".join(f"{loc.code} {loc.name}{_mark(loc)}" for loc in e.locales if loc.complete))
        for e in index.entries]
    return rows, list(index.broken)


def _mark(locale: LocaleChoice) -> str:
    """After a language in --list: none when reviewed, ! when changed since its review."""
    return "" if locale.reviewed else "!" if locale.status == "changed-since-review" else "*"


def _list() -> int:
    from ..document.brand import load_brand
    from ..project import Project

    project_dir = default_project_dir()
    rows, broken = handout_rows(project_dir, dt.date.today())
    headers = ("ID", "NAME", "TITLE", "VERSION", "CLINICAL REVIEW", "GRADE", "LOCALES")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    for row in (headers, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(f"\n{LIST_FOOTNOTE}")
    if any("pending (" in row[4] for row in rows):
        print("\nCLINICAL REVIEW: a sign-off counts for the text it was recorded with: record "
              "it (again) with `generate.py clinical-review NAME --by \"Name, credentials\"` "
              "once a clinician has read the handout as it is now.")
    for notice in load_brand(Project(project_dir).brand_file).notices:  # e.g. no phone number
        print(f"\nFor IT: {notice}")
    for error in broken:
        what = ("both handouts that share a name or ID" if isinstance(error, DuplicateHandoutError)
                else "a broken handout")
        print(f"\nSkipped {what}. {error.show()}", file=sys.stderr)
    return 1 if broken else 0


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if argv is None and args_list[:1] != ["serve"]:  # a process of its own that renders
        from ..document.sandbox import limit_memory

        limit_memory()
    try:
        require_site(args_list)
        if args_list and args_list[0] in SUBCOMMANDS:
            return SUBCOMMANDS[args_list[0]](args_list[1:])
        args = render_parser().parse_args(args_list)
        return _list() if args.list else _render(args)
    except HandoutError as exc:
        print(exc.show(), file=sys.stderr)
        return exc.exit_code
    except SystemExit as exc:  # argparse's --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `generate.py i18n status | head`: the reader has had enough
        with contextlib.suppress(OSError, ValueError):  # so flushing at exit cannot fail
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
