"""Images written smaller: an RGB logo of 256 colours or fewer as an indexed image.

ReportLab writes every image as 8-bit RGB.  The GW wordmark has 255 colours:
as a palette and one byte a pixel it is 9.5 KB instead of 13.7 KB.  Finding
that palette exactly (Pillow's median cut) takes about 7 ms, which every
command-line render would pay again, so the result is kept in the cache
folder (``project.cache_dir``) under a digest of the pixels. The palette's
colours are sorted, so the file's bytes depend on the pixels alone; a cached
copy is used only when it is exactly that sorted palette and gives exactly
the pixels, so a damaged or foreign cache file can cost time, never change
a byte of the PDF.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFImageXObject

from ..project import cache_dir, write_cached

#: Raise when what a cache file holds changes.
FORMAT = b"handouts-palette-2\n"


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
    indices) when they have 256 colours or fewer and map to them exactly, else None.

    The palette is put in one order (its colours sorted, each once), so the bytes
    depend on the pixels alone, never on who worked the palette out: the cache
    folder's copy is used only when it is exactly that, and the indices are
    compressed here."""
    from PIL import Image  # ReportLab has imported it already, to read the logo

    pixels = Image.frombytes("RGB", (width, height), zlib.decompress(data))
    path = cache_dir() / f"palette-{hashlib.sha256(data).hexdigest()[:32]}-{width}x{height}"
    found = _read(path, pixels)
    if found is None:
        if pixels.getcolors(256) is None:
            return None
        adaptive = median_cut(pixels)
        if _rgb(adaptive) != pixels.tobytes():  # never an approximation
            return None
        found = _canonical(adaptive)
        _write(path, found)
    palette, indices = found
    # zlib's default level: 8.7 KB in 1 ms; its best is 8.0 KB in 15 ms, which every
    # command-line render would pay (the web server pays it once)
    return palette, zlib.compress(indices)


def median_cut(pixels: Any) -> Any:
    """Pillow's palette for the pixels (exact where they have 256 colours or fewer):
    about 7 ms for the GW wordmark, which is why the result is kept."""
    from PIL import Image

    return pixels.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)


def _canonical(image: Any) -> tuple[bytes, bytes]:
    """(palette, indices) of a palette image with its colours sorted, each once."""
    indices: bytes = image.tobytes()
    raw = bytes(image.getpalette() or [])
    colour = {i: raw[3 * i:3 * i + 3] for i in set(indices)}
    ordered = sorted(set(colour.values()))
    place = {c: n for n, c in enumerate(ordered)}
    table = bytes(place[colour[i]] if i in colour else 0 for i in range(256))
    return b"".join(ordered), indices.translate(table)


def _rgb(image: Any) -> bytes:
    return bytes(image.convert("RGB").tobytes())


#: A cached palette file is about 10 KB; anything larger is not one of ours.
MAX_CACHED = 1 << 20


def _read(path: Path, pixels: Any) -> tuple[bytes, bytes] | None:
    """The cached (palette, indices) if it is exactly these pixels' sorted palette, every
    colour used once, else None: a damaged or foreign file costs time, never the logo.
    Only a plain file of ours, in a folder other accounts cannot write, is read (never
    through a link, a FIFO or a device), and never more than it can hold."""
    from PIL import Image

    head = len(FORMAT) + 2
    width, height = pixels.size
    try:
        blob = _own_file(path)
        if blob is None:
            return None
        (size,) = struct.unpack(">H", blob[len(FORMAT):head])
        palette = blob[head:head + size]
        colours = [palette[i:i + 3] for i in range(0, size, 3)]
        if not blob.startswith(FORMAT) or size % 3 or not 0 < size <= 768 or \
                len(palette) != size or colours != sorted(set(colours)):
            return None
        indices = zlib.decompressobj().decompress(blob[head + size:], width * height + 1)
        if len(indices) != width * height or max(indices) >= len(colours) \
                or len(pixels.getcolors(256) or ()) != len(colours):
            return None
        image = Image.frombytes("P", pixels.size, indices)
        image.putpalette(palette)
        return (palette, indices) if _rgb(image) == pixels.tobytes() else None
    except (OSError, zlib.error, ValueError, struct.error, MemoryError):
        return None


def _own_file(path: Path) -> bytes | None:
    """The file's bytes if it is a plain file under MAX_CACHED, not a link, owned by this
    account, in a folder other accounts cannot write (its group may: a volume shared
    with a group; a folder that is a link is followed); else None."""
    folder = os.stat(path.parent)
    mine = getattr(os, "getuid", None)  # POSIX; elsewhere the folder's rights decide
    if folder.st_mode & 0o002:
        return None
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) |
                     getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as opened:
        info = os.fstat(opened.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHED or \
                (mine is not None and info.st_uid != mine()):
            return None
        return opened.read(MAX_CACHED + 1)


def _write(path: Path, found: tuple[bytes, bytes]) -> None:
    """Keep found for the next process."""
    palette, indices = found
    write_cached(path, FORMAT + struct.pack(">H", len(palette)) + palette +
                 zlib.compress(indices))
