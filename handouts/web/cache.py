"""A bounded, thread-safe, in-memory LRU cache for unpersonalized output.

Keys are built from the content that decides the bytes (handout, locale,
options, print date, and the modification stamps of every input file), so
an edit to a template, a catalog or the brand file is a new key: nothing is
ever invalidated by hand.  Concurrent requests for the same missing key wait
for a single render ("single flight") instead of all rendering it.

Personal details are never passed to this module.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property

from ..pdf.fields import FormPlan


@dataclass(frozen=True)
class Blob:
    """Bytes to send, with their media type and a strong ETag."""

    data: bytes
    media_type: str
    pages: int = 0
    form: FormPlan = FormPlan()  # a PDF's empty fields, for personal copies (no personal data)

    @cached_property
    def etag(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:32]


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evictions: int = 0
    entries: int = 0
    bytes: int = 0


class BlobCache:
    """LRU by entry count and total bytes; one render per missing key at a time."""

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Blob] = OrderedDict()
        self._pending: dict[Hashable, Future[Blob]] = {}
        self._lock = threading.Lock()
        self._stats = CacheStats()

    def get_or_make(self, key: Hashable, make: Callable[[], Blob]) -> Blob:
        """The cached blob for key, or make() it once however many threads ask."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self._stats.hits += 1
                return found
            self._stats.misses += 1
            pending = self._pending.get(key)
            owner = pending is None
            if pending is None:
                pending = self._pending[key] = Future()
        if not owner:
            return pending.result()
        return self._make(key, make, pending)

    def _make(self, key: Hashable, make: Callable[[], Blob], pending: Future[Blob]) -> Blob:
        try:
            blob = make()
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            pending.set_exception(exc)
            raise
        with self._lock:
            del self._pending[key]
            self._store(key, blob)
        pending.set_result(blob)
        return blob

    def _store(self, key: Hashable, blob: Blob) -> None:
        if len(blob.data) > self.max_bytes:
            return  # larger than the whole cache: serve it, do not keep it
        self._items[key] = blob
        self._stats.bytes += len(blob.data)
        while len(self._items) > self.max_entries or self._stats.bytes > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self._stats.bytes -= len(old.data)
            self._stats.evictions += 1

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self._stats.hits, self._stats.misses, self._stats.evictions,
                              len(self._items), self._stats.bytes)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._stats.bytes = 0
