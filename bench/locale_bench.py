"""Render time per locale, against English in the same run.

    python bench/locale_bench.py [--runs 7] [--handout vertebroplasty] [--variants normal,large]

Prints, for every shipped locale that renders, the median milliseconds per
render and its ratio to English, with the page count and size.  Shaped
scripts (Arabic, Devanagari) go through HarfBuzz and the bidirectional
algorithm; the target is Arabic within 2x of English, and unshaped locales
unchanged.  Machines are noisy: compare ratios within one run only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.errors import HandoutError  # noqa: E402
from handouts.i18n.locales import available_locales  # noqa: E402
from handouts.options import RenderOptions  # noqa: E402
from handouts.pipeline import render_pdf  # noqa: E402
from handouts.project import Project  # noqa: E402

DATE = dt.date(2026, 11, 23)
VARIANTS = {"normal": {}, "large": {"large_print": True},
            "bilingual": {"bilingual": True}}


def timed(options: RenderOptions, runs: int) -> tuple[float, int, int]:
    """Median ms over runs (after one warm-up), pages, bytes."""
    rendered = render_pdf(options)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        render_pdf(options)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), rendered.pages, len(rendered.pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--handout", default="vertebroplasty")
    parser.add_argument("--variants", default="normal,large")
    args = parser.parse_args()
    locales = available_locales(Project(ROOT).locales_dir)
    print(f"{'locale':8} {'variant':10} {'ms':>7} {'x en':>6} {'pages':>5} {'KB':>5}")
    for variant in args.variants.split(","):
        english = None
        for code in locales:
            options = RenderOptions(handout=args.handout, locale=code, print_date=DATE,
                                    project_dir=ROOT,
                                    **VARIANTS[variant])  # type: ignore[arg-type]
            try:
                ms, pages, size = timed(options, args.runs)
            except HandoutError as exc:
                print(f"{code:8} {variant:10} refused: {str(exc).splitlines()[0][:60]}")
                continue
            english = english or ms
            print(f"{code:8} {variant:10} {ms:7.1f} {ms / english:6.2f} {pages:5} "
                  f"{size / 1024:5.0f}")


if __name__ == "__main__":
    main()
