"""Page 1 looks as it did when a person last approved it (within a tolerance).

Compared by content, never by hash: pixels are rasterized with PDFium and may
differ slightly between versions. To accept a deliberate change, run
`pytest tests/test_reference_image.py --update-references`, look at the
`*.new.png` it writes, and rename it over the old file by hand (git ignores
`*.new.png`, so a regeneration cannot be committed by accident).

``reference/fixture/`` holds the test project's pages (listed below);
``reference/shipped/`` holds approved pages of shipped handouts, named
``<handout>-<locale>[-large][-bilingual]-p1.png``: every file there is
checked, and a new handout needs none until someone approves one.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import FIXTURE, ROOT, render
from PIL import Image, ImageChops

REFERENCES = Path(__file__).parent / "reference"
FIXTURE_PAGES = {"alpha-en-p1": ("alpha", {"locale": "en"}),
                 "alpha-es-bilingual-p1": ("alpha", {"locale": "es", "bilingual": True}),
                 "beta-es-large-p1": ("beta", {"locale": "es", "large_print": True})}
#: Shaped scripts, rendered from the fixture plus tests/scripts/ (conftest.scripts_project).
SCRIPT_PAGES = {"alpha-ar-p1": ("alpha", {"locale": "ar"}),
                "alpha-ar-bilingual-p1": ("alpha", {"locale": "ar", "bilingual": True}),
                "alpha-ar-large-p1": ("alpha", {"locale": "ar", "large_print": True}),
                "alpha-hi-p1": ("alpha", {"locale": "hi"})}
DPI = 50
MAX_MEAN_DIFF = 1.5  # grey levels, 0-255
MAX_CHANGED = 0.004  # share of pixels that moved by more than a quarter of the range


def rasterize(pdf: bytes, page: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        bitmap = document[page].render(scale=DPI / 72)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


def compare(actual: Image.Image, expected: Image.Image) -> tuple[float, float]:
    assert actual.size == expected.size, f"page size changed: {actual.size} != {expected.size}"
    diff = ImageChops.difference(actual, expected)
    histogram = diff.histogram()
    total = actual.size[0] * actual.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    changed = sum(histogram[64:]) / total
    return mean, changed


def shipped_case(path: Path) -> tuple[str, dict[str, object]]:
    """'vertebroplasty-zh_Hant-large-p1' -> ("vertebroplasty", {"locale": "zh_Hant", ...})."""
    parts = path.name.removesuffix("-p1.png").split("-")
    variants = {"large": "large_print", "bilingual": "bilingual"}
    flags = {variants[p]: True for p in parts if p in variants}
    rest = [p for p in parts if p not in variants]
    return "-".join(rest[:-1]), {"locale": rest[-1], **flags}


CASES = [(f"fixture/{name}", FIXTURE, handout, kwargs)
         for name, (handout, kwargs) in FIXTURE_PAGES.items()]
CASES += [(f"shipped/{p.stem}", ROOT, *shipped_case(p))
          for p in sorted((REFERENCES / "shipped").glob("*-p1.png"))]


@pytest.mark.parametrize("name,project,handout,kwargs", CASES, ids=[c[0] for c in CASES])
def test_first_page_matches_reference(name: str, project: Path, handout: str,
                                      kwargs: dict[str, object],
                                      request: pytest.FixtureRequest) -> None:
    actual = rasterize(render(handout, project_dir=project, **kwargs).pdf)
    check_reference(name, actual, request)


def check_reference(name: str, actual: Image.Image, request: pytest.FixtureRequest) -> None:
    reference = REFERENCES / f"{name}.png"
    if request.config.getoption("--update-references"):
        actual.save(REFERENCES / f"{name}.new.png")
        pytest.fail(f"wrote {name}.new.png: look at it, then rename it to {name}.png")
    expected = Image.open(reference)
    mean, changed = compare(actual, expected)
    assert mean <= MAX_MEAN_DIFF and changed <= MAX_CHANGED, (
        f"page 1 differs from {reference.name}: mean {mean:.2f}, {changed:.2%} of pixels "
        f"changed; if intended, regenerate with --update-references")


@pytest.mark.parametrize("name", list(SCRIPT_PAGES))
def test_shaped_first_page_matches_reference(name: str, scripts_project: Path,
                                             request: pytest.FixtureRequest) -> None:
    handout, kwargs = SCRIPT_PAGES[name]
    actual = rasterize(render(handout, project_dir=scripts_project, **kwargs).pdf)
    check_reference(f"fixture/{name}", actual, request)


def test_comparison_notices_a_real_change() -> None:
    base = rasterize(render(locale="en").pdf)
    other = rasterize(render(locale="en", large_print=True).pdf)
    mean, changed = compare(other, base)
    assert mean > MAX_MEAN_DIFF or changed > MAX_CHANGED
