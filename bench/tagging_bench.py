"""What tagging costs: each locale tagged and untagged, rendered turn about in one run.

    python bench/tagging_bench.py [--runs 9] [--handout vertebroplasty] [--variants normal]

Prints median milliseconds and bytes with and without the structure tree, and
their ratios (targets: at most 1.15x the time and 1.10x the size). The untagged
render exists only for this comparison; every PDF a patient gets is tagged.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

from locale_bench import DATE, ROOT, VARIANTS

from handouts.i18n.locales import available_locales
from handouts.options import RenderOptions
from handouts.pipeline import render_pdf
from handouts.project import Project


def measure(options: RenderOptions, runs: int) -> tuple[float, float, int, int]:
    plain = dataclasses.replace(options, tagged=False)
    tagged_pdf, plain_pdf = render_pdf(options).pdf, render_pdf(plain).pdf
    tagged_ms: list[float] = []
    plain_ms: list[float] = []
    for _ in range(runs):
        for target, samples in ((options, tagged_ms), (plain, plain_ms)):
            start = time.perf_counter()
            render_pdf(target)
            samples.append((time.perf_counter() - start) * 1000)
    return (statistics.median(tagged_ms), statistics.median(plain_ms), len(tagged_pdf),
            len(plain_pdf))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--handout", default="vertebroplasty")
    parser.add_argument("--variants", default="normal")  # normal, large, bilingual
    args = parser.parse_args()
    print(f"{'locale':8} {'variant':10} {'tagged':>7} {'plain':>7} {'time':>6} "
          f"{'KB':>5} {'KB':>5} {'size':>6}")
    for variant in args.variants.split(","):
        for code in available_locales(Project(ROOT).locales_dir):
            options = RenderOptions(handout=args.handout, locale=code, print_date=DATE,
                                    project_dir=ROOT, **VARIANTS[variant])  # type: ignore[arg-type]
            ms, plain_ms, size, plain_size = measure(options, args.runs)
            print(f"{code:8} {variant:10} {ms:7.1f} {plain_ms:7.1f} {ms / plain_ms:6.3f} "
                  f"{size / 1024:5.1f} {plain_size / 1024:5.1f} {size / plain_size:6.3f}")


if __name__ == "__main__":
    main()
