"""Running a print pack: render each file (in parallel), sort out what is not ready yet,
and keep the manifest that lets a second run write only what changed.

A file ends one of four ways: ``written``, ``unchanged`` (its inputs are those of
the copy already there), ``waiting`` (its translation is incomplete, or this
installation cannot print the language's script: normal in a library that is
being translated, never a failure) or ``failed`` (a broken file, a font missing
a character, a write error: something to fix).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from ..document.sandbox import limit_memory
from ..errors import (
    HandoutError,
    IncompleteTranslationError,
    OutputError,
    TranslationError,
    UnsupportedScriptError,
    UsageError,
)
from ..options import RenderOptions
from ..pdf.write import write_atomically

MANIFEST = "pack-manifest.json"


@dataclass(frozen=True)
class Job:
    """One file to make; ``error`` is set when it failed before rendering."""

    file: str
    options: RenderOptions
    inputs: str = ""
    error: str = ""
    catalog: str = ""  # the handout's catalog in this language ("" for the source)


@dataclass(frozen=True)
class Waiting:
    """Why one handout x language is not in the pack yet."""

    handout: str
    locale: str
    untranslated: int = 0
    fuzzy: int = 0
    total: int = 0  # messages the handout needs translated
    script: str = ""  # set when this installation cannot print the language's script
    missing: str = ""  # set when the handout has no catalog in this language yet

    def reason(self) -> str:
        """"waiting for translation (12 of 60 messages untranslated, 3 fuzzy)"."""
        if self.script:
            return f"waiting: this version cannot print it yet ({self.script})"
        if self.missing:
            return (f"waiting for translation (not started: no {self.missing} yet; "
                    "`python generate.py i18n update` makes it)")
        fuzzy = f", {self.fuzzy} fuzzy" if self.fuzzy else ""
        return (f"waiting for translation ({self.untranslated} of {self.total} messages "
                f"untranslated{fuzzy})")

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        keep = ("script",) if self.script else ("missing",) if self.missing else \
            ("untranslated", "fuzzy", "total")
        return {key: value for key, value in data.items()
                if key in ("handout", "locale", *keep)}


@dataclass(frozen=True)
class Result:
    file: str
    status: str  # "written", "unchanged", "waiting" or "failed"
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    message: str = ""
    inputs: str = ""
    waiting: Waiting | None = None
    removed: bool = False  # a copy from an earlier run, no longer ready, was deleted


def not_ready(job: Job, exc: HandoutError) -> Waiting | None:
    """What a render's refusal says is still to do before this file can be made, or None
    for a real failure (a broken file, a missing glyph, an unsafe translation...)."""
    handout, locale = job.options.handout, job.options.locale
    if isinstance(exc, UnsupportedScriptError):
        needs = " and ".join(exc.needs)
        fix = f"; to print it: {exc.install}" if exc.install else "; see TRANSLATING.md"
        return Waiting(handout, locale, script=f"the {exc.script} script needs {needs}{fix}")
    if isinstance(exc, IncompleteTranslationError):
        result = exc.result
        return Waiting(handout, locale, len(result.untranslated), len(result.fuzzy),
                       result.total)
    if isinstance(exc, TranslationError) and job.catalog and not Path(job.catalog).is_file():
        return Waiting(handout, locale, missing=Path(job.catalog).name)  # not started yet
    return None


def run_job(job: Job, output_dir: Path) -> Result:
    """Render one file (in a worker process). Never raises: a failure is a result."""
    from ..pipeline import render_to_file

    start = time.perf_counter()
    try:
        rendered = render_to_file(job.options, output_dir / job.file)
    except HandoutError as exc:
        if (waiting := not_ready(job, exc)) is not None:
            return Result(job.file, "waiting", seconds=time.perf_counter() - start,
                          waiting=waiting)
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


def read_manifest(output_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's sections ("files", "waiting"); empty when missing or unreadable."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
        return {key: dict(data.get(key, {})) for key in ("files", "waiting")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {"files": {}, "waiting": {}}  # no manifest, or an unreadable one: render all


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
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context,
                             initializer=limit_memory) as pool:
        futures = {pool.submit(run_job, job, output_dir): job for job in jobs}
        for future in as_completed(futures):
            try:
                on_done(future.result())
            except BrokenProcessPool as exc:
                on_done(Result(futures[future].file, "failed", message=f"worker died: {exc}"))


def run_pack(jobs: list[Job], output_dir: Path, workers: int, stream: TextIO) -> list[Result]:
    """Make the pack's files; the manifest is saved after each one, so an interrupted run
    (Ctrl+C, kill -9, a power cut) is resumed by the next, which skips what is done."""
    with folder_lock(output_dir):
        return _run_locked(jobs, output_dir, workers, stream)


def _run_locked(jobs: list[Job], output_dir: Path, workers: int,
                stream: TextIO) -> list[Result]:
    manifest = read_manifest(output_dir)
    results: dict[str, Result] = {}
    progress = Progress(len(jobs), stream)

    def done(result: Result) -> None:
        results[result.file] = result
        progress.step(f"{result.file} {result.status}")
        if result.status == "written":
            write_manifest(output_dir, manifest, results.values())

    todo = []
    for job in jobs:
        known = unchanged(job, manifest["files"], output_dir)
        if job.error:
            done(Result(job.file, "failed", message=job.error))
        elif known is not None:
            done(known)
        else:
            todo.append(job)
    try:
        execute(todo, output_dir, workers, done)
    except BaseException:  # Ctrl+C: keep what is done, for the next run
        write_manifest(output_dir, manifest, results.values())
        raise
    for name, result in results.items():
        if result.status == "waiting" and remove_earlier(output_dir, name, manifest["files"]):
            results[name] = replace(result, removed=True)
    write_manifest(output_dir, manifest, results.values())
    return [results[job.file] for job in jobs]


@contextlib.contextmanager
def folder_lock(output_dir: Path) -> Iterator[None]:
    """One pack at a time per folder: a second waits for nothing and says why. The lock is
    on the folder itself (flock), so nothing is left behind, even after kill -9."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(output_dir, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(output_dir, f"cannot use this folder ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another print pack is writing into {output_dir} now.",
                             hint="wait for it to finish, or give this one another --output "
                                  "folder.") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_earlier(output_dir: Path, name: str, files: dict[str, Any]) -> bool:
    """Delete a copy an earlier run made of a file that is not ready now: its inputs have
    changed since (a new sentence to translate), so it is out of date. Only files the
    manifest records are touched: never one this command did not write."""
    path = output_dir / name
    if name not in files or not path.is_file():
        return False
    try:
        path.unlink()
    except OSError:
        return False  # kept; the manifest no longer vouches for it
    return True


def write_manifest(output_dir: Path, old: dict[str, dict[str, Any]],
                   results: Iterable[Result]) -> None:
    """Record this run's files and what waits for translation; keep other runs' entries
    (other options, other locales)."""
    files, waiting = dict(old["files"]), dict(old["waiting"])
    for r in results:
        waiting.pop(r.file, None)
        if r.status in ("failed", "waiting"):
            files.pop(r.file, None)  # make it again next time
        else:
            files[r.file] = {"inputs": r.inputs, "pages": r.pages, "bytes": r.size}
        if r.waiting is not None:
            waiting[r.file] = r.waiting.as_json()
    text = json.dumps({"format": 1, "files": dict(sorted(files.items())),
                       "waiting": dict(sorted(waiting.items()))},
                      indent=2, ensure_ascii=False) + "\n"
    write_atomically(text.encode("utf-8"), output_dir / MANIFEST)
