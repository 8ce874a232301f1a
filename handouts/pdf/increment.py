"""Append objects to a finished PDF as one incremental update, compactly and quickly.

ReportLab writes the pages; the structure tree and the other additions of
``tagging`` and ``shaping`` are made in pikepdf, and written here as an
incremental update: the small objects in one compressed object stream (a
tree of a few hundred elements costs a few kilobytes, not tens), streams on
their own, and a cross-reference stream.  The file ReportLab wrote stays
byte for byte at its start; nothing is parsed or written twice, so this takes
about a millisecond where saving the whole file with qpdf took ten.  The same
inputs give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal
from functools import lru_cache
from typing import Any


def append_update(original: bytes, trailer: Any, plain: dict[int, bytes],
                  streams: dict[int, tuple[bytes, bytes]],
                  encoded: dict[int, tuple[bytes, bytes]] | None = None) -> bytes:
    """original plus an update holding objects by number: ``plain`` ones (new, or old ones
    rewritten) in one object stream, ``streams`` as (dictionary, data) compressed on
    their own, ``encoded`` ones as (dictionary with its /Filter, data as it is), copied
    from another PDF; ``trailer`` is the original's (its /Size, /Root, /Info, /ID)."""
    out = bytearray(original)
    if not out.endswith(b"\n"):
        out += b"\n"
    return _write(out, trailer, plain, streams, encoded or {}, _startxref(original))


def rewrite(document: Any, plain: dict[int, bytes], streams: dict[int, tuple[bytes, bytes]],
            encoded: dict[int, tuple[bytes, bytes]] | None = None) -> bytes:
    """The whole file anew: every object of document (a PDF open in pikepdf) that these
    do not replace, with them; dictionaries packed in one compressed object stream
    (ReportLab writes them as plain text, a sixth of a Latin handout), streams as
    they were encoded.  The same inputs give the same bytes."""
    from pikepdf import Stream  # here, not at import: only a finished PDF needs it

    plain, encoded = dict(plain), dict(encoded or {})
    for obj in document.objects:
        number = obj.objgen[0]
        if number in plain or number in streams or number in encoded or not number:
            continue
        if isinstance(obj, Stream):
            data = obj.read_raw_bytes()
            if obj.get("/Subtype") == "/Image" and _filters(obj) == ["/FlateDecode"]:
                data = _packed_image(data)  # the logo: the same in every copy
            encoded[number] = (rewritten(obj.stream_dict, drop=("/Length",)), data)
        else:
            plain[number] = obj.unparse(resolved=True)
    return _write(bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), document.trailer, plain,
                  streams, encoded, None)


def _filters(stream: Any) -> list[str]:
    """A stream's filters by name, in order (ReportLab writes an array of one)."""
    from pikepdf import Array

    found = stream.get("/Filter")
    names = list(found) if isinstance(found, Array) else [] if found is None else [found]
    return [str(name) for name in names]


@lru_cache(maxsize=8)
def _packed_image(data: bytes) -> bytes:
    """An image ReportLab compressed at zlib's default level, at its best instead: 8%
    smaller for the logo; once per process, since the logo does not change."""
    return zlib.compress(zlib.decompress(data), 9)


def rewritten(obj: Any, entries: dict[str, str] | None = None,
              drop: tuple[str, ...] = ()) -> bytes:
    """An existing dictionary (from pikepdf) written out, with entries set (replacing
    the same keys; values as PDF syntax) and the keys in drop left out."""
    entries = entries or {}
    kept = [f"{key} {syntax(value)}" for key, value in obj.items()
            if key not in entries and key not in drop]
    return ("<< " + " ".join(kept + [f"{k} {v}" for k, v in entries.items()]) +
            " >>").encode("latin-1")


def syntax(value: Any) -> str:
    """A value pikepdf gave back, as PDF syntax (it turns numbers into Python's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):  # PDF has no exponents: 0.0000001, not 1E-7
        return format(Decimal(str(value)), "f")
    return bytes(value.unparse()).decode("latin-1")


def _write(out: bytearray, trailer: Any, plain: dict[int, bytes],
           streams: dict[int, tuple[bytes, bytes]], encoded: dict[int, tuple[bytes, bytes]],
           previous: int | None) -> bytes:
    objstm_num = max(int(trailer.Size), *(n + 1 for n in (*plain, *streams, *encoded)))
    offsets: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3)
    if previous is None:
        offsets[0] = (0, 0, 65535)  # a whole file: object 0 heads the free list
    for number in sorted(streams):
        offsets[number] = (1, len(out), 0)
        out += _stream_object(number, *streams[number])
    for number in sorted(encoded):
        offsets[number] = (1, len(out), 0)
        out += _stream_object(number, *encoded[number], packed=True)
    header, body = [], bytearray()
    for index, number in enumerate(sorted(plain)):
        header.append(f"{number} {len(body)}")
        body += plain[number] + b"\n"
        offsets[number] = (2, objstm_num, index)
    first = (" ".join(header) + "\n").encode()
    data = zlib.compress(first + bytes(body), 9)
    offsets[objstm_num] = (1, len(out), 0)
    out += (f"{objstm_num} 0 obj\n<< /Type /ObjStm /N {len(plain)} /First {len(first)} "
            f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n").encode()
    out += data + b"\nendstream\nendobj\n"
    return bytes(out + _xref_stream(trailer, offsets, objstm_num + 1, previous, len(out)))


def _stream_object(number: int, info: bytes, data: bytes, packed: bool = False) -> bytes:
    """A stream, compressed; info is its dictionary without /Filter or /Length (with its
    /Filter and data already encoded when ``packed``)."""
    head = info.rstrip()[:-2].rstrip()  # the dictionary without its closing ">>"
    if not packed:
        data = zlib.compress(data, 9)
        head += b" /Filter /FlateDecode"
    return (f"{number} 0 obj\n".encode() + head +
            f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream\nendobj\n")


def _startxref(pdf: bytes) -> int:
    at = pdf.rindex(b"startxref")
    return int(pdf[at + 9:].split()[0])


def _xref_stream(trailer: Any, offsets: dict[int, tuple[int, int, int]], number: int,
                 previous: int | None, position: int) -> bytes:
    offsets = {**offsets, number: (1, position, 0)}
    numbers = sorted(offsets)
    rows = [struct.pack(">BI", kind, field)[:1] + struct.pack(">I", field)[1:] +
            struct.pack(">H", third) for kind, field, third in
            (offsets[n] for n in numbers)]  # W [1 3 2]: files under 16 MB
    index = " ".join(f"{start} {count}" for start, count in _ranges(numbers))
    extra = " ".join(f"{key} {trailer[key].unparse().decode('latin-1')}"
                     for key in ("/Root", "/Info", "/ID") if key in trailer)
    data = zlib.compress(_up(rows), 9)
    return (f"{number} 0 obj\n<< /Type /XRef /Size {number + 1} /Index [{index}] "
            f"/W [1 3 2] {'' if previous is None else f'/Prev {previous} '}{extra} "
            f"/Filter /FlateDecode /DecodeParms << /Columns 6 /Predictor 12 >> "
            f"/Length {len(data)} >>\nstream\n").encode() + data + \
        f"\nendstream\nendobj\nstartxref\n{position}\n%%EOF\n".encode()


def _up(rows: list[bytes]) -> bytes:
    """Rows with PNG's Up predictor: each byte less the one above it. Neighbouring
    entries differ little (the next object in the same stream), so the table
    compresses to a third (443 to 131 bytes for an English handout)."""
    out, above = bytearray(), bytes(len(rows[0]) if rows else 0)
    for row in rows:
        out.append(2)  # the PNG filter type, per row
        out += bytes((byte - up) & 0xFF for byte, up in zip(row, above, strict=True))
        above = row
    return bytes(out)


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted object numbers as (first, count) runs, for the cross-reference /Index."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((number, 1))
    return runs
