"""Font subsets without their hinting or long names: smaller PDFs that print the same.

TrueType hinting (the ``fpgm``, ``prep`` and ``cvt `` programs and each
glyph's instructions) adjusts outlines to a screen's pixel grid at small
sizes; printers and PDF viewers draw the outlines themselves.  ReportLab
copies it into every subset it embeds, about 40% of a Latin subset.  Here a
finished subset is rewritten without it: the glyph outlines, metrics and
every other table stay byte for byte.  Fast (plain byte slicing, well under a
millisecond for a handout's glyphs) and deterministic.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from functools import lru_cache

#: The hinting programs a subset can do without.
HINTING_TABLES = frozenset({b"cvt ", b"fpgm", b"prep", b"hdmx", b"LTSH", b"VDMX"})
_MORE_COMPONENTS, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO, _INSTRUCTIONS = (
    0x0020, 0x0001, 0x0008, 0x0040, 0x0080, 0x0100)


def unhinted(make_subset: Callable[[list[int]], bytes]) -> Callable[[list[int]], bytes]:
    """ReportLab's ``makeSubset``, giving subsets without hinting."""
    def make(subset: list[int]) -> bytes:
        return strip_hinting(make_subset(subset))
    return make


def strip_hinting(font: bytes) -> bytes:
    """A TrueType font (a subset) without its hinting; unchanged if it has no glyf."""
    tables = _tables(font)
    if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
        return font
    long_loca = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
    glyf, loca = _strip_glyphs(tables[b"glyf"], tables[b"loca"], long_loca)
    tables = {tag: data for tag, data in tables.items() if tag not in HINTING_TABLES}
    tables[b"glyf"], tables[b"loca"] = glyf, loca
    if b"name" in tables:  # a name of its own: see _short_names
        tag = hashlib.sha1(tables[b"cmap"] + glyf).hexdigest()[:6].upper() \
            if b"cmap" in tables else ""
        tables[b"name"] = _short_names(tables[b"name"], tag)
    maxp = tables.get(b"maxp", b"")
    if len(maxp) >= 28:  # version 1.0: no instructions any more
        tables[b"maxp"] = maxp[:26] + b"\0\0" + maxp[28:]
    return _font(font[:4], tables)


#: Name records a subset keeps: copyright, family, style, full name, PostScript name.
KEPT_NAMES = frozenset({0, 1, 2, 4, 6})


def _short_names(name: bytes, tag: str = "") -> bytes:
    """The name table with only the KEPT_NAMES records in Windows encoding (the licence
    text and its URL, 1.1 KB in Noto, stay in the font file the project ships).

    With ``tag``, the PostScript name becomes ``NotoSans-Regular-<tag>``: two subsets of
    one font (a page's and a patient's details stamped on it, or the 2nd 256 glyphs of a
    CJK font) keep apart when a print server turns the PDF into PostScript, where fonts
    are known by that name alone (one named like another took its place, and Ghostscript
    then drew the details as Type 3 shapes with no text behind them)."""
    version, count, storage = struct.unpack(">HHH", name[:6])
    if version != 0:
        return name
    records, strings = [], bytearray()
    for index in range(count):
        record = struct.unpack(">6H", name[6 + 12 * index:18 + 12 * index])
        platform, _, _, name_id, length, offset = record
        if platform == 3 and name_id in KEPT_NAMES:
            text = name[storage + offset:storage + offset + length]
            if name_id == 6 and tag:
                text = (text.decode("utf-16-be", "replace")[:55] + "-" + tag).encode("utf-16-be")
            records.append((*record[:4], len(text), len(strings)))
            strings += text
    if not records:
        return name
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return head + b"".join(struct.pack(">6H", *r) for r in records) + bytes(strings)


def _tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    found = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * index:28 + 16 * index])
        found[tag] = font[offset:offset + length]
    return found


def _strip_glyphs(glyf: bytes, loca: bytes, long_loca: bool) -> tuple[bytes, bytes]:
    """glyf without instructions, and its loca (in the same format)."""
    if long_loca:
        offsets = struct.unpack(f">{len(loca) // 4}I", loca)
    else:
        offsets = tuple(2 * o for o in struct.unpack(f">{len(loca) // 2}H", loca))
    out, starts = bytearray(), []
    for start, end in zip(offsets, offsets[1:], strict=False):
        starts.append(len(out))
        out += _glyph(glyf[start:end])
        out += b"\0" * (-len(out) % 4)
    starts.append(len(out))
    packed = struct.pack(f">{len(starts)}I", *starts) if long_loca else \
        struct.pack(f">{len(starts)}H", *(s // 2 for s in starts))
    return bytes(out), packed


@lru_cache(maxsize=65536)  # a glyph's bytes: the same glyphs recur in every render
def _glyph(data: bytes) -> bytes:
    if len(data) < 10:
        return data  # an empty glyph (a space)
    contours = struct.unpack(">h", data[:2])[0]
    if contours >= 0:  # simple: end points, then the instructions, then the outline
        at = 10 + 2 * contours
        length = struct.unpack(">H", data[at:at + 2])[0]
        points = struct.unpack(">H", data[at - 2:at])[0] + 1 if contours else 0
        outline = data[at + 2 + length:]
        return data[:at] + b"\0\0" + outline[:_outline_size(outline, points)]
    out, at, flags = bytearray(data[:10]), 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:  # composite: components, then the instructions
        flags = struct.unpack(">H", data[at:at + 2])[0]
        size = 4 + (4 if flags & _WORDS else 2) + (2 if flags & _SCALE else 4 if
                                                   flags & _XY_SCALE else 8 if
                                                   flags & _TWO_BY_TWO else 0)
        out += struct.pack(">H", flags & ~_INSTRUCTIONS) + data[at + 2:at + size]
        at += size
    return bytes(out)


def _outline_size(outline: bytes, points: int) -> int:
    """Bytes of a simple glyph's flags and coordinates (what follows is padding)."""
    at, sizes = 0, list[int]()
    while len(sizes) < points:
        flag = outline[at]
        repeat = outline[at + 1] if flag & 0x08 else 0
        at += 2 if flag & 0x08 else 1
        sizes += [flag] * (repeat + 1)
    for short, same in ((0x02, 0x10), (0x04, 0x20)):
        at += sum(1 if f & short else 0 if f & same else 2 for f in sizes[:points])
    return at


def _font(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    """A font file of these tables (sorted, aligned), with its checksums."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body = bytearray(), bytearray()
    for tag in tags:
        data = tables[tag] if tag != b"head" else \
            tables[tag][:8] + b"\0\0\0\0" + tables[tag][12:]  # adjustment: set below
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    if b"head" in tables:
        before = tags[:tags.index(b"head")]
        at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in before)
        adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
        font[at + 8:at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
