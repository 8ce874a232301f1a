"""Images written smaller: an RGB logo of 256 colours or fewer as an indexed image.

ReportLab writes every image as 8-bit RGB.  The GW wordmark has 255 colours:
as a palette and one byte a pixel it is 9.5 KB instead of 13.7 KB.  Finding
that palette exactly (Pillow's median cut) takes about 7 ms, which every
command-line render would pay again, so the result is kept in the cache
folder (``project.cache_dir``) under a digest of the pixels, and checked
against the pixels each time it is read: a damaged or foreign cache file can
cost time, never change the logo.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFImageXObject

from ..project import cache_dir

#: Raise when what a cache file holds changes.
FORMAT = b"handouts-indexed-1\n"


def indexed_body(image: PDFImageXObject) -> bytes | None:
    """An 8-bit RGB image of 256 colours or fewer (a logo) as an indexed image's object
    body: a palette and a byte a pixel, not three, where that is smaller; None for
    any other image, which ReportLab writes as it is."""
    if (image.colorSpace != "DeviceRGB" or image.bitsPerComponent != 8 or image.mask
            or getattr(image, "smask", None) or getattr(image, "_decode", None)
            or tuple(image._filters) != ("FlateDecode",)):
        return None
    found = indexed(image.streamContent, image.width, image.height)
    if found is None:
        return None
    palette, data = found
    lookup = _literal(palette)
    if len(lookup) + len(data) >= len(image.streamContent):
        return None
    head = (f"<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
            f"/BitsPerComponent 8 /ColorSpace [/Indexed /DeviceRGB {len(palette) // 3 - 1} ")
    tail = f"] /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
    return head.encode() + lookup + tail.encode() + data + b"\nendstream"


def _literal(data: bytes) -> bytes:
    """Bytes as a PDF literal string: half the size of a hex string for a palette.  A
    bare carriage return would be read as a line feed, so it is escaped too."""
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped.replace(b"\r", b"\\r") + b")"


@lru_cache(maxsize=8)
def indexed(data: bytes, width: int, height: int) -> tuple[bytes, bytes] | None:
    """RGB pixels (zlib-compressed, as ReportLab keeps them) as (palette, compressed
    indices) when they have 256 colours or fewer and map to them exactly, else None;
    worked out once per process, and read from the cache folder when it was
    worked out before."""
    from PIL import Image  # ReportLab has imported it already, to read the logo

    pixels = Image.frombytes("RGB", (width, height), zlib.decompress(data))
    path = cache_dir() / f"indexed-{hashlib.sha256(data).hexdigest()[:32]}-{width}x{height}"
    cached = _read(path, pixels)
    if cached is not None:
        return cached
    if pixels.getcolors(256) is None:
        return None
    indexed = pixels.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
    if _rgb(indexed) != pixels.tobytes():  # never an approximation
        return None
    indices = indexed.tobytes()
    palette = bytes(indexed.getpalette() or [])[:3 * (max(indices) + 1)]
    # zlib's default level: 8.7 KB in 1 ms; its best is 8.0 KB in 15 ms, which every
    # command-line render would pay (the web server pays it once)
    found = palette, zlib.compress(indices)
    _write(path, found)
    return found


def _rgb(image: object) -> bytes:
    return image.convert("RGB").tobytes()  # type: ignore[attr-defined]


def _read(path: Path, pixels: object) -> tuple[bytes, bytes] | None:
    """A cached (palette, indices) that gives exactly these pixels, or None."""
    from PIL import Image

    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(FORMAT) or len(blob) < len(FORMAT) + 2:
        return None
    at = len(FORMAT) + 2
    (size,) = struct.unpack(">H", blob[len(FORMAT):at])
    palette, data = blob[at:at + size], blob[at + size:]
    try:
        indices = zlib.decompress(data)
        image = Image.frombytes("P", pixels.size, indices)  # type: ignore[attr-defined]
        image.putpalette(palette)
    except (zlib.error, ValueError):
        return None
    if size % 3 or max(indices, default=0) >= size // 3 or \
            _rgb(image) != pixels.tobytes():  # type: ignore[attr-defined]
        return None
    return palette, data


def _write(path: Path, found: tuple[bytes, bytes]) -> None:
    """Keep found for the next process; a folder that cannot be written is not used."""
    palette, data = found
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(FORMAT + struct.pack(">H", len(palette)) + palette + data)
        os.replace(partial, path)
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
