"""The web cache: least recently used, one render per missing key.

Every test runs against the fixture project (tests/fixture): handouts ``alpha``
(TST-001, version 2.1, pending review) and ``beta`` (TST-002, version 1.0,
reviewed 2026-01-15), in English and Spanish.  Read-only tests use the fixture
itself; tests that edit files use the scratch ``project`` copy.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pytest

from handouts.web.cache import Blob, BlobCache

# --- the cache itself -------------------------------------------------------------------------

def test_cache_evicts_least_recently_used_by_count_and_bytes() -> None:
    cache = BlobCache(max_bytes=25, max_entries=2)
    for key in ("a", "b"):
        cache.get_or_make(key, lambda k=key: Blob(k.encode() * 10, "x"))  # type: ignore[misc]
    cache.get_or_make("a", lambda: pytest.fail("a is cached"))
    cache.get_or_make("c", lambda: Blob(b"c" * 10, "x"))  # evicts b, the least recent
    assert cache.stats().entries == 2 and cache.stats().evictions == 1
    cache.get_or_make("d", lambda: Blob(b"d" * 20, "x"))  # bytes: only d fits with 25
    assert cache.stats().entries == 1 and cache.stats().bytes == 20
    cache.get_or_make("huge", lambda: Blob(b"h" * 100, "x"))  # bigger than the cache: not kept
    assert cache.stats().bytes == 20


def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Whether condition() holds within timeout seconds (re-checked as other threads run)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        os.sched_yield()  # lets the other threads run; no fixed pause
    return True


def test_cache_renders_a_missing_key_once_for_concurrent_requests() -> None:
    cache = BlobCache(1000, 10)
    requests = 8
    calls: list[str] = []
    release = threading.Event()

    def render() -> Blob:  # what every request would do on its own
        calls.append(threading.current_thread().name)
        assert release.wait(10), "the test never released the render"
        return Blob(b"pdf", "application/pdf")

    results: list[Blob] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            results.append(cache.get_or_make("k", render))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=request, daemon=True) for _ in range(requests)]
    try:
        for thread in threads:
            thread.start()
        # Every request has missed the cache while the first render is still running:
        # without single flight each of them is now inside render() too.
        assert eventually(lambda: cache.stats().misses == requests), cache.stats()
    finally:
        release.set()
        deadline = time.monotonic() + 10  # for all of them together: a hang fails in 10 s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads) and errors == []
    assert len(calls) == 1 and len(results) == requests
    assert all(result is results[0] for result in results)
    assert cache.stats().hits == 0 and cache.stats().entries == 1
    assert cache.get_or_make("k", lambda: pytest.fail("k is cached")) is results[0]
