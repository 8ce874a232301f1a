"""PDF files written compactly: a whole file, or an incremental update of one.

``write_file`` writes a handout: ReportLab's objects (``objects.py``) and the
structure tree's (``structure.py``), the small ones in one compressed object
stream (a tree of a few hundred elements costs a few kilobytes, not tens; the
dictionaries ReportLab would write as plain text are a sixth of a Latin
handout), streams on their own, and a cross-reference stream.
``append_update`` adds objects to a finished file as an incremental update
(a patient's details, ``stamp.py``): the file stays byte for byte at its
start, and nothing is parsed or written twice.  The same inputs give the same
bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Trailer:
    """What a file's trailer says: its /Size, and /Root, /Info and /ID as PDF syntax."""

    size: int
    entries: dict[str, str]

    @classmethod
    def of(cls, trailer: Any) -> Trailer:
        """A trailer read by pikepdf."""
        return cls(int(trailer.Size), {key: trailer[key].unparse().decode("latin-1")
                                       for key in ("/Root", "/Info", "/ID") if key in trailer})


def append_update(original: bytes, trailer: Any, plain: dict[int, bytes],
                  streams: dict[int, tuple[bytes, bytes]],
                  encoded: dict[int, tuple[bytes, bytes]] | None = None) -> bytes:
    """original plus an update holding objects by number: ``plain`` ones (new, or old ones
    rewritten) in one object stream, ``streams`` as (dictionary, data) compressed on
    their own, ``encoded`` ones as (dictionary with its /Filter, data as it is), copied
    from another PDF; ``trailer`` is the original's, as pikepdf reads it."""
    out = bytearray(original)
    if not out.endswith(b"\n"):
        out += b"\n"
    whole = stream_bodies(streams, encoded or {})
    return _write(out, Trailer.of(trailer), plain, whole, _startxref(original))


def write_file(trailer: Trailer, plain: dict[int, bytes], whole: dict[int, bytes]) -> bytes:
    """A whole file: the ``plain`` objects (dictionaries, arrays) packed in one compressed
    object stream, the ``whole`` ones (streams, as ``N 0 obj`` bodies) on their own.
    The same inputs give the same bytes."""
    return _write(bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), trailer, plain, whole, None)


def stream_bodies(streams: dict[int, tuple[bytes, bytes]],
                  encoded: dict[int, tuple[bytes, bytes]]) -> dict[int, bytes]:
    """Object bodies for ``streams`` (dictionary, data), compressed here, and ``encoded``
    ones (dictionary with its /Filter, data as it is)."""
    whole = {number: _stream_body(*streams[number]) for number in streams}
    whole.update((number, _stream_body(*encoded[number], packed=True)) for number in encoded)
    return whole


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


def _write(out: bytearray, trailer: Trailer, plain: dict[int, bytes], whole: dict[int, bytes],
           previous: int | None) -> bytes:
    objstm_num = max(trailer.size, *(n + 1 for n in (*plain, *whole)))
    offsets: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3)
    if previous is None:
        offsets[0] = (0, 0, 65535)  # a whole file: object 0 heads the free list
    for number in sorted(whole):
        offsets[number] = (1, len(out), 0)
        written = whole[number]
        out += f"{number} 0 obj\n".encode() + written + \
            (b"" if written.endswith(b"\n") else b"\n") + b"endobj\n"
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


def _stream_body(info: bytes, data: bytes, packed: bool = False) -> bytes:
    """A stream, compressed; info is its dictionary without /Filter or /Length (with its
    /Filter and data already encoded when ``packed``)."""
    head = info.rstrip()[:-2].rstrip()  # the dictionary without its closing ">>"
    if not packed:
        data = zlib.compress(data, 9)
        head += b" /Filter /FlateDecode"
    return head + f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _startxref(pdf: bytes) -> int:
    at = pdf.rindex(b"startxref")
    return int(pdf[at + 9:].split()[0])


def _xref_stream(trailer: Trailer, offsets: dict[int, tuple[int, int, int]], number: int,
                 previous: int | None, position: int) -> bytes:
    offsets = {**offsets, number: (1, position, 0)}
    numbers = sorted(offsets)
    rows = [struct.pack(">BI", kind, field)[:1] + struct.pack(">I", field)[1:] +
            struct.pack(">H", third) for kind, field, third in
            (offsets[n] for n in numbers)]  # W [1 3 2]: files under 16 MB
    index = " ".join(f"{start} {count}" for start, count in _ranges(numbers))
    extra = " ".join(f"{key} {value}" for key, value in trailer.entries.items())
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
