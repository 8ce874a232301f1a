"""How the tool scales with the library: 3 (what ships), 10, 100, 300 handouts × the languages.

    python bench/library_bench.py [--sizes 1,10,100,300] [--locale es]

Builds each synthetic library in a temporary folder: the shipped project with
copies of the shipped handouts under new names and IDs (each copy with a
sentence of its own, so every catalog differs), each copy's catalogs copied
from its original in every language.  Then, as a user would run them (fresh
processes, wall-clock seconds):

* ``--list`` twice: the first builds the index cache (library_cache.py), the
  second reads it; ``--list`` again after IT sets a phone number in the brand
  file (every handout's English rendered again, no catalog read: library_facts.py);
  ``i18n check LOCALE``; ``pack --locale LOCALE`` into an empty folder;
  ``i18n update`` after adding one new handout;
* the server: start until ``/healthz`` answers, then its memory (resident, with
  its render workers), ``/api/handouts``, a typo search (it matches a third of
  the copies) and a search matching one handout (median latencies), and one
  uncached PDF.

Machines are noisy: compare rows of one run (the first row is the
reference), not runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("templates", "locales", "brand", "fonts")
SENTENCE = "This copy is number {n} of the library."


def build_library(size: int, target: Path) -> Path:
    for part in PARTS:
        shutil.copytree(ROOT / part, target / part, symlinks=True)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shipped = sorted((target / "templates" / "handouts").glob("*.md"))
    for n in range(max(0, size - len(shipped))):
        add_copy(target, shipped[n % len(shipped)], n)
    return target


def add_copy(project: Path, original: Path, n: int) -> str:
    """A copy of a handout with its own name, ID and sentence, and its translations."""
    name = f"copy{n:04d}-{original.stem}"
    text = original.read_text("utf-8")
    text = re.sub(r'^id = "[A-Z]+-\d+"', f'id = "LIB-{n + 1:04d}"', text, count=1, flags=re.M)
    text = text.rstrip() + "\n\n" + SENTENCE.format(n=n) + "\n"
    (project / "templates" / "handouts" / f"{name}.md").write_text(text, "utf-8")
    for folder in (project / "locales").glob("*/LC_MESSAGES"):
        source = folder / f"{original.stem}.po"
        if source.is_file():
            po = source.read_text("utf-8")
            extra = SENTENCE.format(n=n)
            po += f'\nmsgid "{extra}"\nmsgstr "{extra} ({folder.parent.name})"\n'
            (folder / f"{name}.po").write_text(po, "utf-8")
    return name


def run(project: Path, *args: str) -> float:
    env = {**os.environ, "HANDOUTS_HOME": str(project)}
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (render workers), in MB."""
    pids, total = [pid], 0
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, AttributeError):
            continue
        pids += [int(c) for c in children]
    return total / 1024


def server_figures(project: Path, locale: str) -> dict[str, float]:
    port = free_port()
    env = {**os.environ, "HANDOUTS_HOME": str(project)}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "serve", "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                if time.perf_counter() - start > 600:
                    raise
                time.sleep(0.05)
        started = time.perf_counter() - start
        api = statistics.median(get(base + "/api/handouts") for _ in range(9))
        search = statistics.median(get(base + "/api/handouts?q=kyphoplsty") for _ in range(9))
        one = statistics.median(get(base + "/api/handouts?q=SPN-002") for _ in range(9))
        pdf = get(f"{base}/handouts/kyphoplasty.pdf?locale={locale}")
        return {"start": started, "memory": rss_mb(server.pid), "api": api,
                "search": search, "one": one, "pdf": pdf}
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(size: int, locale: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"library-{size}-") as tmp:
        project = build_library(size, Path(tmp) / "project")
        os.environ["HANDOUTS_CACHE_DIR"] = str(Path(tmp) / "cache")  # starts empty
        figures = {"cold": run(project, "--list"), "list": run(project, "--list")}
        brand = project / "brand" / "brand.toml"
        brand.write_text(re.sub(r'(?m)^phone_day = .*$', 'phone_day = "(202) 000-0000"',
                                brand.read_text("utf-8")), "utf-8")
        figures["brand"] = run(project, "--list")
        figures["check"] = run(project, "i18n", "check", locale)
        figures.update(server_figures(project, locale))
        figures["pack"] = run(project, "pack", "--locale", locale, "--output",
                              str(Path(tmp) / "out"))
        original = sorted((project / "templates" / "handouts").glob("*.md"))[0]
        add_copy(project, original, 9999)
        figures["update"] = run(project, "i18n", "update")
    return figures


COLUMNS = [("cold", "1st list s"), ("list", "--list s"), ("brand", "brand s"),
           ("start", "start s"), ("memory", "memory MB"),
           ("api", "api ms"), ("search", "search ms"), ("one", "1 match ms"), ("pdf", "1 PDF s"),
           ("pack", "pack s"), ("check", "check s"), ("update", "update s")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3,10,100,300")
    parser.add_argument("--locale", default="es")
    args = parser.parse_args()
    print(f"{'HANDOUTS':>8} " + " ".join(f"{title:>10}" for _, title in COLUMNS), flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.locale)
        cells = [row[key] * (1000 if key in ("api", "search", "one") else 1) for key, _ in COLUMNS]
        print(f"{size:>8} " + " ".join(f"{value:>10.2f}" for value in cells), flush=True)


if __name__ == "__main__":
    main()
