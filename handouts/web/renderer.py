"""The web's renderer: cached public PDFs, uncached personal ones, previews.

A personal PDF is the cached public one with the details written onto it
(``pipeline.personalize``, a few milliseconds), never a new layout.  With
``workers=0`` renders run in the request's thread (tests, a small site).
With ``workers=N`` they run in N processes, so PDF layout uses every core and
never holds the web server's GIL while other desks wait for cached files.
Personal details reach a worker through a pipe in memory; nothing is written
anywhere, and only unpersonalized output is cached.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any, TypeVar

from ..document.sandbox import limit_memory
from ..errors import HandoutError, InternalError, NoRoomError, RenderTimeoutError
from ..i18n.locales import LocaleSettings
from ..library import HandoutEntry
from ..options import Personal, RenderOptions
from ..pdf.fields import FormPlan
from ..pipeline import personalize, render_pdf
from .cache import Blob, BlobCache
from .forms import PrintChoice
from .index import LocaleResolver
from .problems import redacted_trace
from .stamps import ProjectStamp

log = logging.getLogger(__name__)
T = TypeVar("T")
RENDER_NICENESS = 5  # a cached file costs under a millisecond of CPU; a render, 40-150 ms
SERVER_CHECK_SECONDS = 1.0  # how soon a worker notices the server has gone
RENDER_TIMEOUT = 60.0  # seconds a desk waits at most; a handout takes well under one


def render_job(options: RenderOptions) -> tuple[bytes, int, FormPlan]:
    """Run the pipeline once (in a worker process or this one).

    A user's mistake travels back as the package's own error (they pickle);
    a bug becomes an InternalError carrying a redacted stack, never its
    message, which may quote what was typed.
    """
    try:
        rendered = render_pdf(options)
    except HandoutError:
        raise
    except Exception as exc:
        raise InternalError(redacted_trace(exc)) from None
    return rendered.pdf, rendered.pages, rendered.form


def personalize_job(public: bytes, form: FormPlan, options: RenderOptions) -> bytes:
    """Write the personal details onto a public PDF (errors as in render_job)."""
    try:
        return personalize(public, form, options)
    except HandoutError:
        raise
    except Exception as exc:
        raise InternalError(redacted_trace(exc)) from None


def start_worker(server_pid: int) -> None:
    """Worker initializer: rendering yields the CPU to serving cached files, and the worker
    ends when the server does, even one killed with kill -9 (which runs no clean-up)."""
    os.nice(RENDER_NICENESS)
    limit_memory()
    threading.Thread(target=_exit_with, args=(server_pid,), daemon=True,
                     name="exit-with-server").start()


def _exit_with(server_pid: int) -> None:
    while True:
        time.sleep(SERVER_CHECK_SECONDS)
        try:
            os.kill(server_pid, 0)  # signal 0: is it there?
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # there, under another user (cannot happen for a parent)
            pass


def first_page_png(pdf: bytes, dpi: float) -> bytes:
    """Page 1 as a small PNG (PDFium; the caller serializes calls: it is not thread-safe)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72)
        image = bitmap.to_pil().convert("RGB").quantize(colors=128)
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class Renderer:
    """Makes PDFs and previews for the app; owns the cache and the worker processes."""

    def __init__(self, stamp: ProjectStamp, cache: BlobCache, workers: int = 0,
                 preview_dpi: float = 60.0) -> None:
        self.stamp = stamp
        self.project_dir = stamp.project_dir
        self.cache = cache
        self.workers = workers
        self.preview_dpi = preview_dpi
        self._locales = LocaleResolver(stamp)
        self._pool: Executor | None = None
        self._pool_lock = threading.Lock()
        self._pdfium_lock = threading.Lock()

    def options(self, entry: HandoutEntry, choice: PrintChoice, print_date: dt.date,
                personal: Personal | None = None) -> RenderOptions:
        """Resolve the language (404 if unknown) and build the pipeline's options."""
        locale = self.locale(choice.locale)
        return RenderOptions(handout=entry.meta.name, locale=locale.code, print_date=print_date,
                             large_print=choice.large_print, bilingual=choice.bilingual,
                             paper=choice.paper, personal=personal or Personal(),
                             project_dir=self.project_dir)

    def locale(self, requested: str) -> LocaleSettings:
        return self._locales.resolve(requested)

    def public_pdf(self, entry: HandoutEntry, options: RenderOptions) -> Blob:
        """An unpersonalized PDF, from the cache when its inputs have not changed."""
        if options.personal != Personal():
            raise ValueError("personal details must never reach the cache")
        return self.cache.get_or_make(self._key("pdf", entry, options),
                                      lambda: self._render(options))

    def personal_pdf(self, entry: HandoutEntry, options: RenderOptions) -> Blob:
        """A personalized PDF: the cached public one with the details written onto it,
        for this request only, never cached."""
        public = self.public_pdf(entry, replace(options, personal=Personal()))
        try:
            pdf = self._submit(personalize_job, public.data, public.form, options)
        except NoRoomError as exc:  # a long note: a copy with room for it (cached: not personal)
            if options.note_lines:
                raise
            return self.personal_pdf(entry, replace(options, note_lines=exc.lines))
        except InternalError as exc:
            log.error("personalizing %s failed unexpectedly\n%s", options.handout, exc.trace)
            raise
        return Blob(pdf, "application/pdf", public.pages)

    def preview(self, entry: HandoutEntry, options: RenderOptions) -> Blob:
        """Page 1 of the unpersonalized PDF as a PNG (cached like the PDF)."""
        def make() -> Blob:
            pdf = self.public_pdf(entry, options)
            with self._pdfium_lock:
                return Blob(first_page_png(pdf.data, self.preview_dpi), "image/png", pdf.pages)
        return self.cache.get_or_make(self._key("png", entry, options), make)

    def _key(self, kind: str, entry: HandoutEntry, options: RenderOptions) -> Hashable:
        """What decides the bytes; the stamp changes when any template, catalog,
        locale setting, brand file or font changes (an edit invalidates)."""
        return (kind, entry.meta.name, options.locale, options.large_print, options.bilingual,
                options.paper, options.print_date, options.note_lines, self.stamp.current())

    def _render(self, options: RenderOptions) -> Blob:
        try:
            pdf, pages, form = self._submit(render_job, options)
        except InternalError as exc:
            log.error("render of %s failed unexpectedly\n%s", options.handout, exc.trace)
            raise
        return Blob(pdf, "application/pdf", pages, form)

    def _submit(self, job: Callable[..., T], *args: Any) -> T:
        """job(*args) in a worker process (or here, with no workers)."""
        if self.workers <= 0:
            return job(*args)
        try:
            return self._wait(self._executor().submit(job, *args))
        except BrokenProcessPool:  # a worker died (out of memory?): start afresh, try once more
            log.warning("a render process died; starting new ones")
            self._reset()
            return self._wait(self._executor().submit(job, *args))

    def _wait(self, future: Future[T]) -> T:
        """The job's result, or RenderTimeoutError after RENDER_TIMEOUT seconds, with the
        pool's processes stopped (a stuck one would hold a worker for ever)."""
        try:
            return future.result(timeout=RENDER_TIMEOUT)
        except FutureTimeout:
            log.error("a render took over %g s; stopping the render processes", RENDER_TIMEOUT)
            with self._pool_lock:
                pool, self._pool = self._pool, None
            if pool is not None:
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                pool.shutdown(wait=False, cancel_futures=True)
            raise RenderTimeoutError(RENDER_TIMEOUT) from None

    def _executor(self) -> Executor:
        with self._pool_lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")  # never fork threads
                self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                                 initializer=start_worker,
                                                 initargs=(os.getpid(),))
            return self._pool

    def _reset(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def warm_up(self, entry: HandoutEntry, print_date: dt.date) -> None:
        """Load fonts and catalogs in every worker before the first desk waits for them."""
        options = self.options(entry, PrintChoice(), print_date)
        jobs = [replace(options, personal=Personal(note=str(i)))  # distinct: no cache
                for i in range(max(1, self.workers))]
        if self.workers <= 0:
            render_job(jobs[0])
            return
        for future in [self._executor().submit(render_job, job) for job in jobs]:
            future.result()

    def close(self) -> None:
        self._reset()
