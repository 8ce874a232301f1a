"""The command line: ``python generate.py`` and ``python -m handouts``.

``main(argv=None)`` returns an exit code instead of exiting, so tests call it
directly.  User mistakes print one screen from :class:`HandoutError.show`
and exit with that error's code; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import HandoutError, UsageError
from .options import DEFAULTS, RenderOptions, default_project_dir


def _lazy(module: str) -> Callable[[list[str]], int]:
    """A subcommand whose module loads only when it runs (fast --help, no import side effects)."""
    def run(argv: list[str]) -> int:
        return int(importlib.import_module(module, __package__).main(argv))
    return run


#: `generate.py NAME ...` runs NAME's module `main(argv) -> int`.
SUBCOMMANDS: dict[str, Callable[[list[str]], int]] = {
    "i18n": _lazy(".i18n_cli"),
    "pack": _lazy(".pack"),
    "serve": _lazy(".serve"),
}


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so errors show one way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, hint=f"run `{self.prog} --help` for the options.")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


def render_parser() -> Parser:
    parser = Parser(prog="generate.py",
                     description="Render a patient handout as a print-ready PDF.",
                     epilog="Other commands: i18n (translations), pack (print packs), "
                            "serve (the front-desk web page). Try `generate.py i18n --help`.")
    parser.add_argument("handout", nargs="?",
                        help="handout name or ID, e.g. vertebroplasty or SPN-001")
    parser.add_argument("--list", action="store_true", help="list every handout and exit")
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
    parser.add_argument("--paper", choices=("letter", "a4", "legal"),
                        help="paper size (default: the brand file's)")
    return parser


def _render(args: argparse.Namespace) -> int:
    from .pipeline import render_to_file

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


def _list() -> int:
    from .listing import LIST_FOOTNOTE, handout_rows

    broken: list[HandoutError] = []
    rows = handout_rows(default_project_dir(), dt.date.today(), broken)  # type: ignore[arg-type]
    headers = ("ID", "NAME", "TITLE", "VERSION", "CLINICAL REVIEW", "GRADE", "LOCALES")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    for row in (headers, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(f"\n{LIST_FOOTNOTE}")
    for error in broken:
        print(f"\nSkipped a broken handout. {error.show()}", file=sys.stderr)
    return 1 if broken else 0


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
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
