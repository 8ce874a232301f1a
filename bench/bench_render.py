"""Render speed against a plain ReportLab script of the same content, in one run.

    python bench/bench_render.py [--runs 30] [--process-runs 5] [--locale en]

Prints milliseconds per handout for the pipeline and for the reference, the
ratio (target <= 1.3x in-process, <= 1.5x as whole processes), and PDF sizes.
Machines are noisy: only the ratio within one run means anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, assert_never

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from plain_reportlab import build  # noqa: E402

from handouts.document import model  # noqa: E402
from handouts.options import RenderOptions  # noqa: E402
from handouts.pipeline import render_pdf  # noqa: E402

DATE = dt.date(2026, 11, 23)


def dump(block: model.Block) -> dict[str, Any]:
    match block:
        case model.Paragraph():
            return {"kind": "p", "text": model.plain(block.content)}
        case model.FinePrint():
            return {"kind": "fineprint", "blocks": [
                {"kind": "p", "text": model.plain(p.content), "small": True}
                for p in block.paragraphs]}
        case model.BulletList() | model.Steps():
            return {"kind": "ol" if isinstance(block, model.Steps) else "ul",
                    "items": [model.plain(i) for i in block.items]}
        case model.Section() | model.Box():
            return {"kind": "box" if isinstance(block, model.Box) else "section",
                    "heading": model.plain(block.heading),
                    "blocks": [dump(b) for b in block.blocks if not isinstance(b, model.WriteIn)]}
        case model.Fields() | model.WriteIn():
            return {"kind": "p", "text": ""}
        case _:
            assert_never(block)


def content(document: model.Document) -> dict[str, Any]:
    f = document.furniture
    fields = [model.plain(fld.label) for b in document.blocks if isinstance(b, model.Fields)
              for fld in b.fields]
    return {"title": model.plain(document.title), "subtitle": model.plain(document.subtitle),
            "status": f.status, "fields": fields, "document_line": f.document_line,
            "blocks": [dump(b) for b in document.blocks if not isinstance(b, model.Fields)],
            "footer": [f"{f.organization} · {f.address}", f.copyright, f.notice]}


Timing = tuple[float, float]  # (best, median) in milliseconds


def summary(times: list[float]) -> Timing:
    return min(times) * 1000, statistics.median(times) * 1000


def per_run(fn: Callable[[], object], runs: int) -> Timing:
    fn()  # warm up: fonts, templates, catalogs load once per process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return summary(times)


def process_time(cmd: list[str], runs: int) -> Timing:
    # As installed: bytecode compiled once (pip does so at install time), not
    # recompiled by every process as PYTHONDONTWRITEBYTECODE=1 would force.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return summary(times)


def line(label: str, ours: Timing, ref: Timing, names: tuple[str, str], target: float) -> str:
    return (f"{label:11} {names[0]} best {ours[0]:6.1f} ms (median {ours[1]:6.1f})   "
            f"{names[1]} best {ref[0]:6.1f} ms (median {ref[1]:6.1f})   "
            f"ratio {ours[0] / ref[0]:.2f}x best, {ours[1] / ref[1]:.2f}x median "
            f"(target <= {target:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--process-runs", type=int, default=11)
    parser.add_argument("--locale", default="en")
    args = parser.parse_args()

    options = RenderOptions(handout="vertebroplasty", locale=args.locale, print_date=DATE)
    rendered = render_pdf(options)
    data = content(rendered.document)
    tmp = Path(tempfile.mkdtemp())
    (tmp / "content.json").write_text(json.dumps(data), encoding="utf-8")

    ours = per_run(lambda: render_pdf(options), args.runs)
    plain = per_run(lambda: build(data, str(tmp / "plain.pdf")), args.runs)
    gen = process_time([sys.executable, "generate.py", "vertebroplasty", "--locale", args.locale,
                        "--print-date", DATE.isoformat(), "--output", str(tmp / "ours.pdf")],
                       args.process_runs)
    ref = process_time([sys.executable, str(HERE / "plain_reportlab.py"), str(tmp / "content.json"),
                        str(tmp / "plain.pdf")], args.process_runs)
    print(f"locale {args.locale}: pipeline PDF {len(rendered.pdf) / 1024:.0f} KB, "
          f"{rendered.pages} pages; plain PDF {(tmp / 'plain.pdf').stat().st_size / 1024:.0f} KB")
    print(line("in-process", ours, plain, ("pipeline", "plain ReportLab"), 1.3))
    print(line("process", gen, ref, ("generate.py", "plain script"), 1.5))


if __name__ == "__main__":
    main()
