"""A file change never stalls the front desk: a slow index rebuilds in the background.

The index of a large library takes seconds to build (bench/library_bench.py:
about 12 s at 300 handouts). Here the build is made slow on purpose; after an
edit, requests keep getting the last index at once, and the new one replaces it
when it is ready. A small library still shows an edit on the very next request.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

import handouts.web.index as web_index
import handouts.web.stamps as stamps
from handouts.web.index import IndexCache
from handouts.web.stamps import ProjectStamp

TODAY = dt.date(2026, 11, 23)


def retitle(project: Path) -> None:
    alpha = project / "templates" / "handouts" / "alpha.xml.j2"
    text = alpha.read_text("utf-8")
    alpha.write_text(text.replace('_("Resting after a test")', '_("Resting well")'), "utf-8")


def title(cache: IndexCache) -> str:
    return next(e.title for e in cache.entries() if e.meta.name == "alpha")


def test_a_slow_index_is_rebuilt_while_requests_keep_the_last_one(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, release = web_index.build_index, threading.Event()

    def slow(project_dir: Path, today: dt.date):  # type: ignore[no-untyped-def]
        release.wait(5)
        return real(project_dir, today)

    monkeypatch.setattr(web_index, "build_index", slow)
    monkeypatch.setattr(IndexCache, "BACKGROUND_AFTER", 0.05)
    cache = IndexCache(ProjectStamp(project, interval=0), lambda: TODAY)
    threading.Timer(0.2, release.set).start()
    assert title(cache) == "Resting after a test"  # the first build: waited for
    release.clear()
    retitle(project)
    started = time.perf_counter()
    assert title(cache) == "Resting after a test", "the last index, while the new one builds"
    assert time.perf_counter() - started < 0.5, "the request did not wait for the build"
    release.set()
    deadline = time.monotonic() + 10
    while title(cache) != "Resting well" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert title(cache) == "Resting well", "the new index replaces the old one"


def test_a_small_library_shows_an_edit_on_the_next_request(project: Path) -> None:
    cache = IndexCache(ProjectStamp(project, interval=0), lambda: TODAY)
    assert title(cache) == "Resting after a test"
    retitle(project)
    assert title(cache) == "Resting well"


def test_a_large_library_is_looked_at_in_the_background(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 300 handouts looking at every file (2,700 of them) takes about 25 ms, which one
    request a second paid: past ProjectStamp.BACKGROUND_FROM files a request gets the
    last fingerprint at once while the look runs in another thread."""
    real, looking, release = stamps.fingerprint, threading.Event(), threading.Event()
    looks: list[Path] = []

    def slow(project_dir: Path) -> stamps.Stamp:
        looks.append(project_dir)
        if len(looks) > 1:  # the first look, at start, is waited for
            looking.set()
            release.wait(5)
        return real(project_dir)

    monkeypatch.setattr(stamps, "fingerprint", slow)
    monkeypatch.setattr(ProjectStamp, "BACKGROUND_FROM", 0)
    stamp = ProjectStamp(project, interval=0)
    first = stamp.current()
    retitle(project)
    assert stamp.current() == first, "the last fingerprint, while the look runs"
    assert looking.wait(5) and not release.is_set()
    assert stamp.current() == first and len(looks) == 2, "one look at a time"
    release.set()
    deadline = time.monotonic() + 10
    while stamp.current() == first and time.monotonic() < deadline:
        time.sleep(0.02)
    assert stamp.current() != first, "the edit is seen once the look is done"
