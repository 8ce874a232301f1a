"""What outside accessibility checkers say of every shipped handout, language and variant.

    python bench/a11y_report.py [--print-date 2026-11-23] [--keep FOLDER]

Renders each copy (normal, large print, bilingual, draft, personalized; a copy
not yet translated as its draft) into a temporary folder and runs:

- ``page`` (page-validation): every PDF/UA-1 rule veraPDF checks;
- ``pdfua``: the machine-checkable subset it covers;
- ``outloud``, if installed (``pip install outloud``): Matterhorn checkpoints
  and semantic checks (prose marked as an artifact, content painted out of
  tree order...).

Prints one line per variant and each finding with the files it was found in.
The test suite holds the first two to zero findings; outloud is a report.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from handouts.document.handout import discover_handouts
from handouts.errors import IncompleteTranslationError
from handouts.i18n.locales import available_locales
from handouts.options import Personal, RenderOptions
from handouts.pipeline import render_pdf
from handouts.project import Project

ROOT = Path(__file__).resolve().parent.parent
VARIANTS: dict[str, dict[str, object]] = {
    "normal": {}, "large": {"large_print": True}, "bilingual": {"bilingual": True},
    "draft": {"draft": True},
    "personal": {"personal": Personal(patient_name="Zebediah Quillfeather",
                                      clinician="Dr. Amara Okafor")}}


def render_all(folder: Path, date: dt.date) -> list[tuple[str, Path]]:
    project, made = Project(ROOT), []
    for handout in sorted(discover_handouts(project.templates_dir)):
        for code in available_locales(project.locales_dir):
            for variant, extra in VARIANTS.items():
                options = RenderOptions(handout=handout, locale=code, print_date=date,
                                        project_dir=ROOT, **extra)  # type: ignore[arg-type]
                try:
                    pdf = render_pdf(options).pdf
                except IncompleteTranslationError:
                    pdf = render_pdf(dataclasses.replace(options, draft=True)).pdf
                path = folder / f"{handout}-{code}-{variant}.pdf"
                path.write_bytes(pdf)
                made.append((variant, path))
    return made


def validators(path: Path) -> list[str]:
    import page
    from pdfua import validate

    found = [f"page {f.rule_id}" for f in page.validate_pdf(str(path), profile="ua1").failures]
    return found + [f"pdfua {f.rule_id}" for f in validate(str(path)).findings]


def outloud(paths: list[Path]) -> dict[str, list[str]] | None:
    command = shutil.which("outloud") or str(Path(sys.executable).parent / "outloud")
    if not Path(command).exists():
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run([command, "--json", report.name, "--fail-on", "never", "-q",
                        *map(str, paths)], capture_output=True, check=True)
        results = json.loads(Path(report.name).read_text())["results"]
    return {Path(r["path"]).name: [f"outloud {f['rule']} ({f['severity']})"
                                   for f in r["findings"]] for r in results}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--print-date", type=dt.date.fromisoformat,
                        default=dt.date(2026, 11, 23))
    parser.add_argument("--keep", type=Path, help="render into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        made = render_all(folder, args.print_date)
        semantic = outloud([path for _, path in made])
        by_variant: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
        where: dict[str, list[str]] = collections.defaultdict(list)
        for variant, path in made:
            found = validators(path) + (semantic or {}).get(path.name, [])
            by_variant[variant][0] += 1
            by_variant[variant][1] += not found
            for finding in found:
                where[finding].append(path.stem)
    print(f"{'variant':10} {'copies':>6} {'clean':>6}")
    for variant, (copies, clean) in by_variant.items():
        print(f"{variant:10} {copies:6} {clean:6}")
    if semantic is None:
        print("(outloud is not installed: only page and pdfua ran)")
    for finding, stems in sorted(where.items()):
        print(f"{finding}: {len(stems)} copies, e.g. {', '.join(stems[:3])}")


if __name__ == "__main__":
    main()
