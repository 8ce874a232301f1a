#!/usr/bin/env python3
"""Load test for the front-desk server, run by hand: ``python bench/web_bench.py``.

Starts the real server (``generate.py serve``, waitress) on 127.0.0.1 on a
free port in a subprocess, then 16 client threads send a bounded number of
requests, mixing cached GETs (unpersonalized PDFs) and personalized POSTs
(one in four), and prints counts, errors and latency percentiles against the
targets: 0 errors, p95 <= 100 ms overall, personalized p95 <= 50 ms, cached
p95 <= 20 ms.  Exits 1 if a target is missed.  Only loopback traffic; the
run stops by itself.

A client is a desk: after each answer it pauses for a think time drawn
between half and one and a half times ``--think-ms`` (default 500 ms, so 16
desks send about 32 requests a second, far more than a hospital's front desks
do).  The pauses are drawn, from a fixed seed per client, because equal
pauses march the clients in step: all 16 requests then arrive in the same
millisecond every half second, and the run measures that burst (personalized
p95 49-55 ms with equal pauses, 25-30 ms drawn, same machine, same hour).
``--think-ms 0`` is the stress test: every client sends its next request as
soon as the last one answers, which saturates the machine's cores (the
clients run on them too), so requests queue (latency ~ clients / requests per
second).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHED = ["/handouts/vertebroplasty.pdf?locale=en",
          "/handouts/vertebroplasty.pdf?locale=es",
          "/handouts/SPN-001.pdf?locale=zh_Hans",
          "/handouts/vertebroplasty.pdf?locale=es&large_print=1",
          "/handouts/vertebroplasty.pdf?locale=vi&paper=a4",
          "/handouts/vertebroplasty/preview.png?locale=ko"]
POST_LOCALES = ["es", "en", "zh_Hans", "vi", "ko", "am", "fr", "zh_Hant", "ar"]
NAMES = ["Bench Patient", "Zebediah Quillfeather", "李小龙", "Nguyễn Thị Minh Khai",
         "김민준", "ሙሉጌታ ተስፋዬ", "محمد عبد الله", "Hernández-Villanueva"]
TARGETS = {"errors": 0, "p95_ms": 100.0, "personal_p95_ms": 50.0, "cached_p95_ms": 20.0}


@dataclass(frozen=True)
class Sample:
    kind: str  # "cached" or "personal"
    ms: float
    ok: bool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(port: int, workers: int, threads: int) -> Iterator[str]:
    """`generate.py serve` in a subprocess; stopped (SIGTERM, then kill) on exit."""
    command = [sys.executable, str(ROOT / "generate.py"), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", process, timeout=60)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")


def request(base: str, index: int, post_every: int) -> Sample:
    """One GET of a cached file, or (every post_every-th request) one personalized POST."""
    personal = post_every > 0 and index % post_every == 0
    if personal:
        turn = index // post_every  # every language and name in turn
        form = {"locale": POST_LOCALES[turn % len(POST_LOCALES)],
                "patient_name": f"{NAMES[turn % len(NAMES)]} {index}",
                "clinician": "Dr. Load Test",
                "procedure_date": "2026-04-01", "note": "Benchmark copy; discard."}
        req = urllib.request.Request(base + "/handouts/vertebroplasty.pdf",
                                     data=urllib.parse.urlencode(form).encode())
    else:
        req = urllib.request.Request(base + CACHED[index % len(CACHED)])
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            body = response.read()
            ok = response.status == 200 and body[:4] in (b"%PDF", b"\x89PNG")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        ok = False
    return Sample("personal" if personal else "cached", (time.perf_counter() - start) * 1000, ok)


def run_clients(base: str, clients: int, total: int, post_every: int, think_ms: float,
                max_seconds: float) -> tuple[list[Sample], float]:
    counter = itertools.count()
    samples: list[Sample] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client(seed: int) -> None:
        pauses = random.Random(seed)  # the same schedule every run
        while time.monotonic() < deadline:
            index = next(counter)
            if index >= total:
                return
            sample = request(base, index, post_every)
            with lock:
                samples.append(sample)
            # a person reading the screen between clicks, not in step with the others
            time.sleep(pauses.uniform(0.5, 1.5) * think_ms / 1000)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def row(label: str, samples: list[Sample]) -> tuple[str, int, int, float, float, float]:
    times = [s.ms for s in samples]
    return (label, len(samples), sum(not s.ok for s in samples), percentile(times, 0.5),
            percentile(times, 0.95), max(times, default=0.0))


def report(samples: list[Sample], seconds: float, args: argparse.Namespace) -> bool:
    rows = [row("all", samples), row("cached GET", [s for s in samples if s.kind == "cached"]),
            row("personal POST", [s for s in samples if s.kind == "personal"])]
    print(f"\n{len(samples)} requests from {args.clients} clients in {seconds:.1f} s "
          f"({len(samples) / seconds:.0f} req/s), think time "
          f"{args.think_ms / 2:g}-{args.think_ms * 1.5:g} ms, "
          f"1 in {args.post_every} personalized; server: {args.workers} render processes, "
          f"{args.threads} threads, {os.cpu_count()} cores\n")
    print(f"{'':<14} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, count, errors, p50, p95, top in rows:
        print(f"{label:<14} {count:>6} {errors:>6} {p50:>8.1f} {p95:>8.1f} {top:>8.1f}")
    checks = [("errors", rows[0][2], TARGETS["errors"]), ("p95 ms", rows[0][4], TARGETS["p95_ms"]),
              ("personal p95 ms", rows[2][4], TARGETS["personal_p95_ms"]),
              ("cached p95 ms", rows[1][4], TARGETS["cached_p95_ms"])]
    print()
    for name, value, target in checks:
        print(f"target {name:<14} <= {target:<6g} got {value:8.1f}  "
              f"{'PASS' if value <= target else 'MISS'}")
    return all(value <= target for _, value, target in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=800, help="total, all clients")
    parser.add_argument("--post-every", type=int, default=4,
                        help="every Nth request is a personalized POST (default 4: 25%%)")
    parser.add_argument("--think-ms", type=float, default=500.0,
                        help="each client's mean pause between requests, drawn between half "
                             "and 1.5 times it (default 500; 0: a stress test)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server render processes (0: render in the web process)")
    parser.add_argument("--threads", type=int, default=16, help="server threads")
    parser.add_argument("--cold", action="store_true",
                        help="do not warm up: the first copy of each language renders afresh")
    parser.add_argument("--max-seconds", type=float, default=180.0, help="stop sending after")
    args = parser.parse_args()
    with server(free_port(), args.workers, args.threads) as base:
        for path in CACHED:  # fill the cache: these are the "cached" requests
            urllib.request.urlopen(base + path, timeout=60).read()
        if not args.cold:  # a server that has run a while: personal copies start from
            for index in range(0, 2 * len(NAMES) * args.post_every, args.post_every):
                request(base, index, args.post_every)  # cached ones, fonts loaded
        samples, seconds = run_clients(base, args.clients, args.requests, args.post_every,
                                       args.think_ms, args.max_seconds)
    return 0 if report(samples, seconds, args) else 1


if __name__ == "__main__":
    sys.exit(main())
