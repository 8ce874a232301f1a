"""Render time per locale, against English rendered turn about in the same run.

    python bench/locale_bench.py [--runs 9] [--handout vertebroplasty] [--variants normal,large]

Prints, for every shipped locale, the median milliseconds per render, the
median of the English normal copy rendered alternately with it, their ratio,
and the page count and size.  Shaped scripts (Arabic, Devanagari) go through
HarfBuzz and the bidirectional algorithm; the target is Arabic within 2x of
English, and unshaped locales unchanged.  Machines are noisy: only ratios
within one run mean anything.
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
VARIANTS: dict[str, dict[str, bool]] = {"normal": {}, "large": {"large_print": True},
                                        "bilingual": {"bilingual": True}}


def timed(options: RenderOptions, reference: RenderOptions, runs: int,
          ) -> tuple[float, float, int, int]:
    """Median ms of options and of the English reference, rendered turn about (load on
    a noisy machine hits both alike), after a warm-up; then pages and bytes."""
    rendered = render_pdf(options)
    render_pdf(reference)
    mine: list[float] = []
    english: list[float] = []
    for _ in range(runs):
        for target, samples in ((options, mine), (reference, english)):
            start = time.perf_counter()
            render_pdf(target)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(mine), statistics.median(english), rendered.pages, \
        len(rendered.pdf)


def options_for(code: str, variant: str, handout: str) -> RenderOptions:
    return RenderOptions(handout=handout, locale=code, print_date=DATE, project_dir=ROOT,
                         **VARIANTS[variant])  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--handout", default="vertebroplasty")
    parser.add_argument("--variants", default="normal,large")
    args = parser.parse_args()
    reference = options_for("en", "normal", args.handout)
    print(f"{'locale':8} {'variant':10} {'ms':>7} {'en ms':>7} {'x en':>6} {'pages':>5} "
          f"{'KB':>5}")
    for variant in args.variants.split(","):
        for code in available_locales(Project(ROOT).locales_dir):
            try:
                ms, english, pages, size = timed(options_for(code, variant, args.handout),
                                                 reference, args.runs)
            except HandoutError as exc:
                print(f"{code:8} {variant:10} refused: {str(exc).splitlines()[0][:60]}")
                continue
            print(f"{code:8} {variant:10} {ms:7.1f} {english:7.1f} {ms / english:6.2f} "
                  f"{pages:5} {size / 1024:5.0f}")


if __name__ == "__main__":
    main()
