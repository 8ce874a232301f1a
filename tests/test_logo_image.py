"""The brand's logo in the PDF: the same pixels as the brand file, as small as it can be.

A logo of 256 colours or fewer (a wordmark is) is written as an indexed image,
a palette and a byte a pixel; any other is written as ReportLab makes it.
Either way poppler's ``pdfimages`` must give back the brand file's pixels
exactly.
"""

from __future__ import annotations

import os
import struct
import subprocess
import threading
import zlib
from pathlib import Path

import pytest
from conftest import render, required_tool
from PIL import Image

from handouts.pdf import images, objects
from handouts.pdf.objects import with_entries


def _embedded(pdf: bytes, tmp_path: Path) -> tuple[str, Image.Image]:
    """The first page's image as pdfimages lists it (its colour kind) and extracts it."""
    tool = required_tool("pdfimages", "poppler-utils")
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


def _wordmark() -> Image.Image:
    """A logo like a wordmark: blocks of two inks with anti-aliased edges, on white
    (a few dozen colours)."""
    logo = Image.new("RGB", (600, 120), "white")
    for x in range(600):
        for y in range(30, 90):
            ink = (20, 40, 110) if (x // 40) % 2 else (170, 30, 40)
            edge = min(x % 40, 39 - x % 40, y - 30, 89 - y, 4) / 4  # 5 steps to white
            logo.putpixel((x, y), tuple(round(255 - (255 - c) * edge) for c in ink))
    for x, colour in enumerate([(40, 41, 92), (13, 10, 41), (92, 13, 40)]):  # "()\\" and CR,
        logo.paste(colour, (10 * x, 0, 10 * x + 10, 10))  # which a PDF string must escape
    assert 2 < len(logo.getcolors(256) or ()) <= 256
    return logo


def test_a_logo_of_few_colours_is_indexed_and_exact(project: Path, tmp_path: Path) -> None:
    logo = _wordmark()
    _write_logo(project, logo)
    kind, drawn = _embedded(render(locale="en", project_dir=project).pdf, tmp_path)
    assert kind == "index"
    assert drawn.size == logo.size and drawn.tobytes() == logo.tobytes()


def test_a_logo_the_palette_would_not_shrink_stays_rgb(project: Path, tmp_path: Path) -> None:
    """161 colours, but each row the same: ReportLab's RGB compresses better than
    indices plus a palette would, so the logo stays as it is."""
    logo = Image.new("RGB", (240, 60), "white")
    for x in range(240):
        for y in range(20):
            logo.putpixel((x, y), (x * 100 // 240, 40, 120))
        for y in range(40, 50):
            logo.putpixel((x, y), (x // 4, x // 4, x // 4))
    assert len(logo.getcolors(256) or ()) == 161
    _write_logo(project, logo)
    kind, drawn = _embedded(render(locale="en", project_dir=project).pdf, tmp_path)
    assert kind == "rgb"
    assert drawn.tobytes() == logo.tobytes()


def test_a_logo_of_many_colours_stays_rgb_and_exact(project: Path, tmp_path: Path) -> None:
    logo = Image.new("RGB", (240, 60))
    logo.putdata([(x, y * 4, (x * y) % 256) for y in range(60) for x in range(240)])
    assert len(logo.getcolors(1 << 24) or ()) > 256
    _write_logo(project, logo)
    kind, drawn = _embedded(render(locale="en", project_dir=project).pdf, tmp_path)
    assert kind == "rgb"
    assert drawn.tobytes() == logo.tobytes()


def test_the_indexed_logo_makes_a_smaller_file(project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the palette: a smaller file than as ReportLab writes the logo."""
    _write_logo(project, _wordmark())
    indexed = render(locale="en", project_dir=project).pdf
    monkeypatch.setattr(objects, "indexed_body", lambda image: None)
    as_rgb = render(locale="en", project_dir=project).pdf
    assert b"/Indexed /DeviceRGB" in indexed and b"/Indexed" not in as_rgb
    assert len(indexed) < len(as_rgb)


def test_entries_are_added_to_a_dictionary_once() -> None:
    body = b"<<\n/Type /Page /Parent 3 0 R\n>>\n"
    assert with_entries(body, {"/Tabs": "/S"}) == b"<<\n/Type /Page /Parent 3 0 R /Tabs /S >>"
    with pytest.raises(ValueError, match="/Parent is set already"):
        with_entries(body, {"/Parent": "4 0 R"})
    with pytest.raises(ValueError, match="not a dictionary"):
        with_entries(b"[1 2 3]", {"/Tabs": "/S"})


def _cached_file(folder: Path) -> Path:
    (found,) = folder.glob("palette-*")
    return found


def _tamper(path: Path, change: str) -> None:
    """Damage a cached palette the ways a file can be: reordered (the same pixels), two
    colours swapped (other pixels), bytes after it, 257 colours, or not a palette."""
    blob = path.read_bytes()
    head = len(images.FORMAT)
    (size,) = struct.unpack(">H", blob[head:head + 2])
    palette, indices = blob[head + 2:head + 2 + size], zlib.decompress(blob[head + 2 + size:])
    count = size // 3
    colours = [palette[3 * i:3 * i + 3] for i in range(count)]
    if change == "reordered":
        colours, indices = colours[::-1], bytes(count - 1 - i for i in indices)
    elif change == "swapped":
        colours[0], colours[1] = colours[1], colours[0]
    elif change == "too-many":
        colours += [b"\xff\xff\xfe"] * (257 - count)
    new = b"".join(colours)
    blob = blob[:head] + struct.pack(">H", len(new)) + new + zlib.compress(indices)
    path.write_bytes({"bytes-after": blob + b"INJECTED", "not-a-palette": b"junk"}.get(change,
                                                                                     blob))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the median cuts (the work the cache saves)."""
    cuts: list[int] = []
    real = images.median_cut

    def median_cut(pixels: Image.Image) -> Image.Image:
        cuts.append(1)
        return real(pixels)
    monkeypatch.setattr(images, "median_cut", median_cut)
    return cuts


def test_the_palette_is_kept_for_the_next_process(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Working the palette out is done once; the next process (here: with this one's
    memory of it cleared) reads it from the cache folder, and the file is the same."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    _write_logo(project, _wordmark())
    cuts = _counting(monkeypatch)
    images.indexed.cache_clear()
    first = render(locale="en", project_dir=project).pdf
    assert len(cuts) == 1 and _cached_file(tmp_path / "cache").is_file()
    images.indexed.cache_clear()
    assert render(locale="en", project_dir=project).pdf == first and len(cuts) == 1
    images.indexed.cache_clear()


@pytest.mark.parametrize("change", ["reordered", "swapped", "bytes-after", "too-many",
                                    "not-a-palette"])
def test_a_cached_palette_never_changes_a_byte_of_the_pdf(
        change: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the cache file holds (another version's, another user's, damaged), the
    PDF is byte for byte the one the pixels give, and its logo is the brand file's."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    logo = _wordmark()
    _write_logo(project, logo)
    images.indexed.cache_clear()
    first = render(locale="en", project_dir=project).pdf
    _tamper(_cached_file(tmp_path / "cache"), change)
    cuts = _counting(monkeypatch)
    images.indexed.cache_clear()
    again = render(locale="en", project_dir=project).pdf
    images.indexed.cache_clear()
    assert again == first, "the same bytes"
    # bytes after the palette's data are never read, so that file is still the palette;
    # any other change is found, and the palette worked out again
    assert len(cuts) == (0 if change == "bytes-after" else 1)
    assert b"INJECTED" not in again
    kind, drawn = _embedded(again, tmp_path)
    assert kind == "index" and drawn.tobytes() == logo.tobytes()


def _replace_with(path: Path, kind: str) -> None:
    """The cache file swapped for what no reader should trust or wait on."""
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer that never comes
    elif kind == "link":
        path.symlink_to("/dev/zero")  # reading it would never end
    else:  # a header of ours, then 100 MB of zeros packed into 100 KB
        path.write_bytes(images.FORMAT + struct.pack(">H", 3) + b"\x00\x00\x00" +
                         zlib.compress(bytes(100_000_000), 9))


@pytest.mark.parametrize("kind", ["fifo", "link", "bomb"])
def test_a_cache_file_that_is_not_a_palette_never_hangs_or_crashes_a_render(
        kind: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    _write_logo(project, _wordmark())
    images.indexed.cache_clear()
    first = render(locale="en", project_dir=project).pdf
    _replace_with(_cached_file(tmp_path / "cache"), kind)
    images.indexed.cache_clear()
    done: list[bytes] = []
    worker = threading.Thread(target=lambda: done.append(
        render(locale="en", project_dir=project).pdf), daemon=True)
    worker.start()
    worker.join(60)
    images.indexed.cache_clear()
    assert done == [first], f"the render {'hung' if worker.is_alive() else 'failed'}"


def test_a_cache_folder_others_can_write_is_not_read(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A palette file in a folder another account can write could be anyone's."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    _write_logo(project, _wordmark())
    images.indexed.cache_clear()
    render(locale="en", project_dir=project)
    (tmp_path / "cache").chmod(0o777)
    cuts = _counting(monkeypatch)
    images.indexed.cache_clear()
    render(locale="en", project_dir=project)
    images.indexed.cache_clear()
    assert len(cuts) == 1, "worked out again, not read from a shared folder"


def test_a_cache_folder_reached_through_a_link_is_read(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/var/cache/handouts linked to another disk, or systemd's DynamicUser= (which makes
    CacheDirectory a link): the palette is still reused."""
    (tmp_path / "disk").mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(tmp_path / "disk")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    _write_logo(project, _wordmark())
    images.indexed.cache_clear()
    first = render(locale="en", project_dir=project).pdf
    cuts = _counting(monkeypatch)
    images.indexed.cache_clear()
    assert render(locale="en", project_dir=project).pdf == first and cuts == []
    images.indexed.cache_clear()
