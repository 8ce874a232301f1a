"""The brand's logo in the PDF: the same pixels as the brand file, as small as it can be.

A logo of 256 colours or fewer (a wordmark is) is written as an indexed image,
a palette and a byte a pixel; any other is written as ReportLab makes it.
Either way poppler's ``pdfimages`` must give back the brand file's pixels
exactly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import render
from PIL import Image

from handouts.pdf.objects import with_entries


def _pdfimages() -> str:
    """poppler's pdfimages; skipped locally without it, a failure in CI."""
    found = shutil.which("pdfimages")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install poppler-utils (pdfimages)")
        pytest.skip("poppler-utils (pdfimages) is not installed")
    return found


def _embedded(pdf: bytes, tmp_path: Path) -> tuple[str, Image.Image]:
    """The first page's image as pdfimages lists it (its colour kind) and extracts it."""
    tool = _pdfimages()
    listing = subprocess.run([tool, "-f", "1", "-l", "1", "-list", "-"], input=pdf,
                             capture_output=True, check=True).stdout.decode()
    kind = listing.splitlines()[2].split()[5]  # page num type width height COLOR ...
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf)
    subprocess.run([tool, "-f", "1", "-l", "1", "-png", str(source), str(tmp_path / "img")],
                   check=True)
    return kind, Image.open(tmp_path / "img-000.png").convert("RGB")


def _write_logo(project: Path, image: Image.Image) -> None:
    image.save(project / "brand" / "logo.png")


def test_a_logo_of_few_colours_is_indexed_and_exact(project: Path, tmp_path: Path) -> None:
    logo = Image.new("RGB", (240, 60), "white")
    for x in range(240):  # a ramp of 100 blues and a band of 60 greys, on white
        for y in range(20):
            logo.putpixel((x, y), (x * 100 // 240, 40, 120))
        for y in range(40, 50):
            logo.putpixel((x, y), (x // 4, x // 4, x // 4))
    assert len(logo.getcolors(256) or ()) == 161
    _write_logo(project, logo)
    kind, drawn = _embedded(render(locale="en", project_dir=project).pdf, tmp_path)
    assert kind == "index"
    assert drawn.size == logo.size and drawn.tobytes() == logo.tobytes()


def test_a_logo_of_many_colours_stays_rgb_and_exact(project: Path, tmp_path: Path) -> None:
    logo = Image.new("RGB", (240, 60))
    logo.putdata([(x, y * 4, (x * y) % 256) for y in range(60) for x in range(240)])
    assert len(logo.getcolors(1 << 24) or ()) > 256
    _write_logo(project, logo)
    kind, drawn = _embedded(render(locale="en", project_dir=project).pdf, tmp_path)
    assert kind == "rgb"
    assert drawn.tobytes() == logo.tobytes()


def test_the_indexed_logo_is_smaller(project: Path) -> None:
    """The point of the palette: a smaller file than three bytes a pixel would give."""
    logo = Image.new("RGB", (600, 120), "white")
    for x in range(600):
        for y in range(30, 90):
            logo.putpixel((x, y), (20, (x * 7) % 250, 90) if (x // 15) % 2 else (200, 30, 30))
    _write_logo(project, logo)
    indexed = render(locale="en", project_dir=project).pdf
    assert b"/Indexed /DeviceRGB" in indexed
    raw_rgb = len(logo.tobytes())
    assert len(indexed) < raw_rgb / 5  # compressed, and a byte a pixel


def test_entries_are_added_to_a_dictionary_once() -> None:
    body = b"<<\n/Type /Page /Parent 3 0 R\n>>\n"
    assert with_entries(body, {"/Tabs": "/S"}) == b"<<\n/Type /Page /Parent 3 0 R /Tabs /S >>"
    with pytest.raises(ValueError, match="/Parent is set already"):
        with_entries(body, {"/Parent": "4 0 R"})
    with pytest.raises(ValueError, match="not a dictionary"):
        with_entries(b"[1 2 3]", {"/Tabs": "/S"})
