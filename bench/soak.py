#!/usr/bin/env python3
"""Soak test, run by hand: ``python bench/soak.py --minutes 10`` (issue 12).

Starts ``generate.py serve`` (as bench/web_bench.py does) and keeps 16 clients
busy for the given time with a mix of requests: cached PDFs and previews,
personalized POSTs in every language, and bad requests (unknown handouts and
languages, malformed and oversized forms, another site's form, JSON bodies, a
name in the address, unprintable characters).  Every 30 seconds it prints the
answers so far by status and the memory (RSS) of the server and each of its
processes, read from /proc.  It fails (exit 1) on any 500, any connection error,
any answer to a good request that is not 200, or memory that keeps growing
(the last sample more than 25% above the one at the end of the first third).
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_bench import NAMES, POST_LOCALES, free_port, server  # noqa: E402

GOOD_GETS = ["/", "/?q=columna", "/api/handouts?q=vertebroplasy", "/healthz",
             "/handouts/vertebroplasty.pdf?locale=es", "/handouts/SPN-001.pdf?locale=zh_Hans",
             "/handouts/vertebroplasty.pdf?locale=ar&large_print=1",
             "/handouts/vertebroplasty/preview.png?locale=ko", "/handouts/kyphoplasty?locale=vi",
             "/api/handouts?q=" + "%ff" * 50]  # bytes that are not UTF-8: no match, no error
BAD_GETS = ["/handouts/nope.pdf", "/handouts/vertebroplasty.pdf?locale=xx",
            "/handouts/vertebroplasty.pdf?patient_name=Leak", "/handouts/vertebroplasty.pdf"
            "?paper=a9", "/%00", "/handouts/" + "x" * 3000]
BAD_POSTS = [({"locale": "es", "note": "x" * 301}, "form"),
             ({"locale": "es", "patient_name": "\x00"}, "form"),
             ({"locale": "es", "patient_name": "\uffff"}, "form"),
             ({"locale": "es", "nonsense": "1"}, "form"),
             ({"locale": "es", "patient_name": "A"}, "json"),
             ({"locale": "es", "patient_name": "A"}, "cross-site"),
             ({"locale": "es", "procedure_date": "tomorrow"}, "form")]


def send(base: str, rng: random.Random) -> tuple[str, int]:
    """One request of a random kind; (kind, status) with status 0 for no answer."""
    roll = rng.random()
    headers = {"Sec-Fetch-Site": "same-origin"}
    data: bytes | None = None
    if roll < 0.45:
        kind, path = "good-get", rng.choice(GOOD_GETS)
    elif roll < 0.75:
        kind, path = "personal", "/handouts/vertebroplasty.pdf"
        form = {"locale": rng.choice(POST_LOCALES), "patient_name": rng.choice(NAMES),
                "note": "Bring your medicines." * rng.randint(0, 4),
                "large_print": rng.choice(["", "1"])}
        data = urllib.parse.urlencode(form).encode()
    elif roll < 0.88:
        kind, path = "bad-get", rng.choice(BAD_GETS)
    else:
        kind, path = "bad-post", "/handouts/vertebroplasty.pdf"
        form, how = rng.choice(BAD_POSTS)
        data = urllib.parse.urlencode(form).encode()
        if how == "json":
            data, headers["Content-Type"] = b'{"locale": "es"}', "application/json"
        elif how == "cross-site":
            headers = {"Sec-Fetch-Site": "cross-site"}
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            answer.read()
            return kind, answer.status
    except urllib.error.HTTPError as error:
        error.read()
        return kind, error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return kind, 0


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory of the process and every process under it, in MB."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    family, frontier = {pid}, {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - family
        family |= frontier
    sizes = {}
    for member in sorted(family):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        kb = next((int(line.split()[1]) for line in status.splitlines()
                   if line.startswith("VmRSS:")), 0)
        sizes[str(member)] = kb / 1024
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    counts: collections.Counter[tuple[str, int]] = collections.Counter()
    lock, stop = threading.Lock(), threading.Event()

    with server(free_port(), args.workers, 16) as base:
        pid = next(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and
                   f"--port\0{base.rsplit(':', 1)[1]}" in
                   (p / "cmdline").read_text(errors="replace"))

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while not stop.is_set():
                result = send(base, rng)
                with lock:
                    counts[result] += 1

        threads = [threading.Thread(target=client, args=(i,), daemon=True)
                   for i in range(args.clients)]
        for thread in threads:
            thread.start()
        start, memory = time.monotonic(), []
        while True:
            time.sleep(min(30.0, max(0.0, start + args.minutes * 60 - time.monotonic())))
            sizes = rss_mb(pid)
            memory.append(sum(sizes.values()))
            with lock:
                total = sum(counts.values())
                by_status: collections.Counter[int] = collections.Counter()
                for (_, status), n in counts.items():
                    by_status[status] += n
            print(f"{time.monotonic() - start:6.0f} s  {total:6d} requests  "
                  f"status {dict(sorted(by_status.items()))}  "
                  f"memory {memory[-1]:.0f} MB in {len(sizes)} processes "
                  f"({', '.join(f'{v:.0f}' for v in sizes.values())})", flush=True)
            if time.monotonic() - start >= args.minutes * 60:
                break
        stop.set()
        for thread in threads:
            thread.join(130)
    return verdict(counts, memory)


def verdict(counts: collections.Counter[tuple[str, int]], memory: list[float]) -> int:
    failures = []
    for (kind, status), n in sorted(counts.items()):
        print(f"  {kind:9s} {status:3d}  {n}")
        if status in (0, 500) or (kind in ("good-get", "personal") and status != 200):
            failures.append(f"{n} x {kind} answered {status or 'nothing'}")
    base = memory[max(0, len(memory) // 3 - 1)] if memory else 0.0
    if memory and memory[-1] > base * 1.25:
        failures.append(f"memory grew from {base:.0f} MB to {memory[-1]:.0f} MB")
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
