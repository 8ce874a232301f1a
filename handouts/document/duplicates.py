"""Stage 1: one name and one document ID per handout, across the whole library.

A handout is asked for by its name (the file name) or its ID, case ignored,
so two files that share either are ambiguous: ``generate.py SPN-001`` could
print the copy.  Each pair is refused, naming both files; the rest of the
library is unaffected.  It works over whatever discovery found, whatever the
files' format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import DuplicateHandoutError
from .metadata import key_line

if TYPE_CHECKING:
    from .handout import HandoutMeta


def _keys(meta: HandoutMeta) -> dict[str, str]:
    """What a handout may be asked for by (lower case) -> how a message describes it."""
    keys = {meta.id.casefold(): f'the ID "{meta.id}"'}
    keys.setdefault(meta.name.casefold(), f'the name "{meta.name}"')
    return keys


def duplicates(metas: Sequence[HandoutMeta]) -> list[DuplicateHandoutError]:
    """One error for each pair of handouts that share a name or an ID, case ignored.

    The older file is taken as the original: the message blames the newer one
    (usually the copy), and names both.
    """
    owner: dict[str, HandoutMeta] = {}
    clashes: dict[tuple[HandoutMeta, HandoutMeta], list[str]] = {}
    for meta in sorted(metas, key=_age):
        for key, described in _keys(meta).items():
            first = owner.setdefault(key, meta)
            if first is not meta:
                clashes.setdefault((first, meta), []).append(described)
    return [_error(first, second, described) for (first, second), described in clashes.items()]


def _age(meta: HandoutMeta) -> tuple[int, str]:
    try:
        return meta.path.stat().st_mtime_ns, str(meta.path)
    except OSError:
        return 0, str(meta.path)


def _error(first: HandoutMeta, second: HandoutMeta,
           described: list[str]) -> DuplicateHandoutError:
    its_id = second.id.casefold() in (first.id.casefold(), first.name.casefold())
    line = key_line(second.path, "id") if its_id else None  # else the file name is at fault
    keys = {*_keys(first), *_keys(second)}
    return DuplicateHandoutError(described, first.path, second.path,
                                 names=(first.name, second.name), keys=sorted(keys), line=line)
