"""``python generate.py pack``: every handout in several languages, in parallel.

One PDF per handout x locale, rendered on all cores, each named
``DIR/<name>-<locale>[-large][-bilingual].pdf``.  A manifest in DIR records
a hash of the inputs of every file (template, layouts, catalog, brand, logo,
font list, options, print date), so a second run writes only what changed.
A failure in one file is reported and does not stop the others; the exit
code says whether any failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..document.brand import load_brand
from ..document.handout import HANDOUT_SUFFIX, HandoutMeta, discover_handouts
from ..errors import ContentError, HandoutError, UnknownHandoutError, UsageError
from ..i18n.locales import LocaleSettings, available_locales, negotiate
from ..options import PAPER_SIZES, RenderOptions
from ..pdf.write import write_atomically
from ..project import default_project_dir
from .args import Parser, parse_date

MANIFEST = "pack-manifest.json"
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
class Job:
    """One file to make; ``error`` is set when it failed before rendering."""

    file: str
    options: RenderOptions
    inputs: str = ""
    error: str = ""


@dataclass(frozen=True)
class Result:
    file: str
    status: str  # "written", "unchanged" or "failed"
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    message: str = ""
    inputs: str = ""


@dataclass(frozen=True)
class Broken:
    """A handout whose metadata cannot be read: each of its files fails with this message."""

    name: str
    message: str


def output_name(name: str, locale: str, options: RenderOptions) -> str:
    return (f"{name}-{locale}{'-large' if options.large_print else ''}"
            f"{'-bilingual' if options.bilingual else ''}.pdf")


def select_handouts(templates_dir: Path, wanted: list[str]) -> list[HandoutMeta | Broken]:
    """The handouts asked for (all by default), by name or ID; a broken one is kept as Broken."""
    errors: list[ContentError] = []
    found: list[HandoutMeta | Broken] = list(discover_handouts(templates_dir, errors).values())
    found += [Broken(e.path.name.removesuffix(HANDOUT_SUFFIX), e.show()) for e in errors]
    found.sort(key=lambda item: item.name)
    keys = {k.lower(): item for item in found
            for k in ((item.name, item.id) if isinstance(item, HandoutMeta) else (item.name,))}
    for name in wanted:
        if name.strip().lower() not in keys:
            raise UnknownHandoutError(name, [item.name for item in found])
    chosen = [keys[w.strip().lower()] for w in wanted] or found
    return list({item.name: item for item in chosen}.values())  # each once, in order


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
    try:
        return Job(file, options, inputs_hash(options, item, locale))
    except HandoutError as exc:
        return Job(file, options, error=exc.show())
    except OSError as exc:
        return Job(file, options, error=f"cannot read an input: {exc}")


def run_job(job: Job, output_dir: Path) -> Result:
    """Render one file (in a worker process). Never raises: a failure is a result."""
    from ..pipeline import render_to_file

    start = time.perf_counter()
    try:
        rendered = render_to_file(job.options, output_dir / job.file)
    except HandoutError as exc:
        message = exc.show()
    except Exception as exc:  # a bug met by one file must not lose the others
        message = f"unexpected {type(exc).__name__}: {exc}"
    else:
        return Result(job.file, "written", rendered.pages, len(rendered.pdf),
                      time.perf_counter() - start, inputs=job.inputs)
    return Result(job.file, "failed", seconds=time.perf_counter() - start, message=message)


class Progress:
    """A text progress bar on stderr (one line per file when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO, width: int = 28) -> None:
        self.total, self.stream, self.width, self.done = total, stream, width, 0
        self.tty = stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label}"
        self.stream.write(f"\r{line[:100]:<100}" if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def read_manifest_file(output_dir: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
        return dict(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no manifest, or an unreadable one: render everything


def unchanged(job: Job, manifest: dict[str, dict[str, object]], output_dir: Path) -> Result | None:
    entry = manifest.get(job.file, {})
    path = output_dir / job.file
    if job.error or entry.get("inputs") != job.inputs or not path.is_file():
        return None
    if path.stat().st_size != entry.get("bytes"):
        return None  # edited or truncated by hand: make it again
    return Result(job.file, "unchanged", int(str(entry.get("pages", 0))), int(path.stat().st_size),
                  inputs=job.inputs)


def execute(jobs: list[Job], output_dir: Path, workers: int,
            on_done: Callable[[Result], None]) -> None:
    """Render jobs on ``workers`` processes (in this one when 1), reporting each result."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            on_done(run_job(job, output_dir))
        return
    context = multiprocessing.get_context("forkserver")  # never fork a threaded process
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
        futures = {pool.submit(run_job, job, output_dir): job for job in jobs}
        for future in as_completed(futures):
            try:
                on_done(future.result())
            except BrokenProcessPool as exc:
                on_done(Result(futures[future].file, "failed", message=f"worker died: {exc}"))


def run_pack(jobs: list[Job], output_dir: Path, workers: int, stream: TextIO) -> list[Result]:
    manifest = read_manifest_file(output_dir)
    results: dict[str, Result] = {}
    progress = Progress(len(jobs), stream)

    def done(result: Result) -> None:
        results[result.file] = result
        progress.step(f"{result.file} {result.status}")

    todo = []
    for job in jobs:
        known = unchanged(job, manifest, output_dir)
        if job.error:
            done(Result(job.file, "failed", message=job.error))
        elif known is not None:
            done(known)
        else:
            todo.append(job)
    execute(todo, output_dir, workers, done)
    write_manifest(output_dir, manifest, results.values())
    return [results[job.file] for job in jobs]


def write_manifest(output_dir: Path, old: dict[str, dict[str, object]],
                   results: Iterable[Result]) -> None:
    """Record this run's files; keep other runs' entries (other options, other locales)."""
    files = dict(old)
    for r in results:
        if r.status == "failed":
            files.pop(r.file, None)  # make it again next time
        else:
            files[r.file] = {"inputs": r.inputs, "pages": r.pages, "bytes": r.size}
    text = json.dumps({"format": 1, "files": dict(sorted(files.items()))}, indent=2,
                      ensure_ascii=False) + "\n"
    write_atomically(text.encode("utf-8"), output_dir / MANIFEST)


def summary(results: list[Result], output_dir: Path) -> str:
    rows = [("FILE", "PAGES", "KB", "SECONDS", "STATUS")]
    rows += [(r.file, str(r.pages or "-"), f"{r.size / 1024:.0f}" if r.size else "-",
              f"{r.seconds:.2f}", r.status.upper() if r.status == "failed" else r.status)
             for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    counts = {s: sum(r.status == s for r in results) for s in ("written", "unchanged", "failed")}
    lines.append(f"{len(results)} files in {output_dir}: " +
                 ", ".join(f"{n} {s}" for s, n in counts.items()))
    failed = [r for r in results if r.status == "failed"]
    if failed:
        lines.append("\nFailed:")
        lines += [f"  {r.file}:\n    " + r.message.replace("\n", "\n    ") for r in failed]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="generate.py pack", description="Render a print pack: every handout in "
                "each language, in parallel, skipping files whose inputs have not changed.")
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
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="processes to render with (default: all cores, %(default)s)")
    p.add_argument("--project", type=Path, default=default_project_dir(),
                   help="folder with templates/, locales/, fonts/ and brand/ "
                        "(default: %(default)s)")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more.", hint="e.g. --jobs 4")
    jobs = plan(args)
    if not jobs:
        raise UsageError("there is nothing to render.", hint="check --handout and --locale.")
    results = run_pack(jobs, args.output, args.jobs, sys.stderr)
    print(summary(results, args.output))
    return 1 if any(r.status == "failed" for r in results) else 0


def plan(args: argparse.Namespace) -> list[Job]:
    base = RenderOptions(handout="", print_date=args.print_date or dt.date.today(),
                         large_print=args.large_print, bilingual=args.bilingual,
                         draft=args.draft, paper=args.paper, project_dir=args.project)
    handouts = select_handouts(base.project.templates_dir, args.handout or [])
    locales = select_locales(base.project.locales_dir, args.locale)
    return [make_job(item, locale, base) for item in handouts for locale in locales]
