"""``python generate.py pack``: every handout in several languages, in parallel.

One PDF per handout x locale that is ready, rendered on all cores, each named
``DIR/<name>-<locale>[-large][-bilingual].pdf``.  A manifest in DIR records
a hash of the inputs of every file (template, layouts, catalog, brand, logo,
font list, options, print date), so a second run writes only what changed.

A handout x language whose translation is incomplete (or whose script this
installation cannot print) is *waiting*: it is listed, with counts, and is not
an error; ``--strict`` makes it one, for CI.  A real failure (a broken file, a
font missing a character, a write error) is reported in a few lines, does not
stop the others, and makes the exit code 1.  Running and the manifest are in
``pack_run.py``; what is printed at the end in ``pack_report.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shlex
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .. import __version__
from ..document.brand import load_brand
from ..document.handout import HandoutMeta, discover_handouts
from ..errors import (
    ContentError,
    DuplicateHandoutError,
    HandoutError,
    UnknownHandoutError,
    UsageError,
)
from ..i18n.locales import LocaleSettings, available_locales, negotiate
from ..options import PAPER_SIZES, RenderOptions
from ..project import SOURCE_LOCALE, default_project_dir, handout_name
from .args import Parser, parse_date
from .pack_report import summary
from .pack_run import MANIFEST, Job, Progress, Result, run_pack

__all__ = ["MANIFEST", "Job", "Progress", "Result", "main", "parser", "plan"]

FONT_SUFFIXES = frozenset({".ttf", ".ttc", ".otf"})


def inputs_hash(options: RenderOptions, meta: HandoutMeta, locale: LocaleSettings) -> str:
    """A hash of everything that decides the PDF: file contents, fonts, options, date."""
    digest = hashlib.sha256(f"handouts {__version__}\n".encode())
    project = options.project
    logo = load_brand(project.brand_file).logo
    for path in project.render_inputs(meta.path, locale.folder, locale.fonts, logo,
                                      bilingual=options.bilingual):
        if path.suffix.lower() in FONT_SUFFIXES:
            # Large files: name and size stand for content.
            digest.update(f"{path.name} {path.stat().st_size}\n".encode())
        else:
            digest.update(f"{path.name}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
    settings = (meta.name, locale.code, options.large_print, options.bilingual, options.draft,
                options.paper, options.print_date.isoformat())
    digest.update(repr(settings).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Broken:
    """A handout whose metadata cannot be read, or that shares a name or ID with another:
    each of its files fails with this message."""

    name: str
    message: str
    keys: tuple[str, ...] = ()  # lower case names and IDs it may be asked for by


def output_name(name: str, locale: str, options: RenderOptions) -> str:
    return (f"{name}-{locale}{'-large' if options.large_print else ''}"
            f"{'-bilingual' if options.bilingual else ''}.pdf")


def select_handouts(templates_dir: Path, wanted: list[str]) -> list[HandoutMeta | Broken]:
    """The handouts asked for (all by default), by name or ID; a broken one is kept as Broken."""
    errors: list[ContentError] = []
    found: list[HandoutMeta | Broken] = list(discover_handouts(templates_dir, errors).values())
    found += [Broken(name, e.show(), keys) for e in errors for name, keys in _refused(e)]
    found.sort(key=lambda item: item.name)
    keys: dict[str, list[HandoutMeta | Broken]] = {}
    for item in found:  # two duplicates share their keys: asking for one fails both
        for key in ((item.name.casefold(), item.id.casefold()) if isinstance(item, HandoutMeta)
                    else item.keys):
            keys.setdefault(key, []).append(item)
    for name in wanted:
        if name.strip().casefold() not in keys:
            raise UnknownHandoutError(name, [item.name for item in found])
    chosen = [item for w in wanted for item in keys[w.strip().casefold()]] or found
    return list({item.name: item for item in chosen}.values())  # each once, in order


def _refused(error: ContentError) -> list[tuple[str, tuple[str, ...]]]:
    """(name, what it may be asked for by) of each handout a discovery error leaves out."""
    if isinstance(error, DuplicateHandoutError):
        return [(name, error.keys) for name in error.names]
    return [(handout_name(error.path), (handout_name(error.path).casefold(),))]


def select_locales(locales_dir: Path, spec: str) -> list[LocaleSettings]:
    available = available_locales(locales_dir)
    if spec.strip().lower() == "all":
        return list(available.values())
    codes = [c.strip() for c in spec.split(",") if c.strip()]
    if not codes:
        raise UsageError("--locale is empty.", hint="e.g. --locale es,zh_Hans, or --locale all.")
    return list({s.code: s for s in (negotiate(c, available) for c in codes)}.values())


def make_job(item: HandoutMeta | Broken, locale: LocaleSettings, base: RenderOptions) -> Job:
    options = replace(base, handout=item.name, locale=locale.code)
    file = output_name(item.name, locale.code, options)
    if isinstance(item, Broken):
        return Job(file, options, error=item.message)
    catalog = "" if locale.code == SOURCE_LOCALE else str(locale.catalog_path(item.name))
    try:
        return Job(file, options, inputs_hash(options, item, locale), catalog=catalog)
    except HandoutError as exc:
        return Job(file, options, error=exc.show())
    except OSError as exc:
        return Job(file, options, error=f"cannot read an input: {exc}")


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="generate.py pack", description="Render a print pack: every handout in "
               "each language that is ready, in parallel, skipping files whose inputs have "
               "not changed. A handout x language whose translation is incomplete, or whose "
               "script this installation cannot print, is listed as waiting for translation "
               "and is not an error. Exit status: 0 when every file was written or is "
               "waiting; 1 when any file failed (a broken file, a font missing a character, "
               "a write error), or, with --strict, when any is waiting.")
    p.add_argument("--locale", default="all",
                   help="comma-separated languages, e.g. es,zh_Hans, or all (default: all)")
    p.add_argument("--output", "-o", type=Path, required=True, help="folder to write into")
    p.add_argument("--handout", action="extend", nargs="+", metavar="NAME",
                   help="only these handouts (name or ID; default: every handout)")
    p.add_argument("--large-print", action="store_true", help="large print (18 pt)")
    p.add_argument("--bilingual", action="store_true", help="each block beside its English")
    p.add_argument("--paper", choices=PAPER_SIZES, help="paper size (default: the brand file's)")
    p.add_argument("--print-date", type=parse_date,
                   help="date printed on the handouts, YYYY-MM-DD (default: today)")
    p.add_argument("--draft", action="store_true",
                   help="render incomplete translations too, marked DRAFT")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 if any handout x language is waiting for translation (for CI); "
                        "the files that are ready are still written")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="processes to render with (default: all cores, %(default)s)")
    p.add_argument("--project", type=Path, default=default_project_dir(),
                   help="folder with templates/, locales/, fonts/ and brand/ "
                        "(default: %(default)s)")
    return p


def status_command(project: Path) -> str:
    """The command that lists every handout x language's translation, for this project."""
    command = "python generate.py i18n status"
    if project.resolve() == default_project_dir().resolve():
        return command
    return f"HANDOUTS_HOME={shlex.quote(str(project))} {command}"


def exit_code(results: list[Result], *, strict: bool) -> int:
    if any(r.status == "failed" for r in results):
        return 1
    return 1 if strict and any(r.status == "waiting" for r in results) else 0


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more.", hint="e.g. --jobs 4")
    jobs = plan(args)
    if not jobs:
        raise UsageError("there is nothing to render.", hint="check --handout and --locale.")
    results = run_pack(jobs, args.output, args.jobs, sys.stderr)
    handouts = len({job.options.handout for job in jobs})
    print(summary(results, args.output, handouts, status_command(args.project)))
    return exit_code(results, strict=args.strict)


def plan(args: argparse.Namespace) -> list[Job]:
    base = RenderOptions(handout="", print_date=args.print_date or dt.date.today(),
                         large_print=args.large_print, bilingual=args.bilingual,
                         draft=args.draft, paper=args.paper, project_dir=args.project)
    handouts = select_handouts(base.project.templates_dir, args.handout or [])
    locales = select_locales(base.project.locales_dir, args.locale)
    return [make_job(item, locale, base) for item in handouts for locale in locales]
