"""Right-to-left text: embedding levels and visual order (Unicode Bidirectional Algorithm).

ReportLab's own right-to-left support needs ``rlbidi``, which is not on the
package index, and its many-font paragraph path leaves bidi off.  The shaped
text layout (``textflow.py``) therefore asks python-bidi, a maintained
implementation of UAX #9, for each character's embedding level in logical
order, breaks lines itself, and reorders each line here (rule L2): Arabic
runs right to left while "911" and a Latin name inside them keep their own
left-to-right order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")
_EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
#: Character classes that can put a character off the base level of a paragraph.
_RIGHT_TO_LEFT = {"R", "AL", "AN"} | _EXPLICIT
_LEFT_TO_RIGHT = {"L", "EN", "AN"} | _EXPLICIT


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of one paragraph (even: left to
    right, odd: right to left), with ``rtl`` as the paragraph direction.

    Characters the algorithm removes (explicit embeddings and overrides, joiners) take
    the level of the character before them, so the list matches ``text`` index by index.
    """
    if not text:
        return []
    base = 1 if rtl else 0
    kinds = {unicodedata.bidirectional(c) for c in set(text)}
    if not kinds & (_LEFT_TO_RIGHT if rtl else _RIGHT_TO_LEFT):
        # the common case: every strong character runs the paragraph's way, and no
        # number or explicit control needs resolving: everything is at the base level
        return [base] * len(text)
    from bidi import algorithm as uba  # here: an installation without it prints Latin

    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uba.get_embedding_levels(text, storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    _paired_brackets(storage["chars"])  # N0 comes after the weak types, before N1 and N2
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    resolved: dict[int, int] = {c["index"]: c["level"] for c in storage["chars"]}
    levels, previous = [], base
    for index in range(len(text)):
        previous = resolved.get(index, previous)
        levels.append(previous)
    return levels


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _strong(kind: str) -> str:
    """L or R for a resolved strong type (numbers count as R, rule N0), or ""."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else ""


def _pairs(text: str) -> list[tuple[int, int]]:
    """Matching bracket pairs (rule BD16), by opening position."""
    stack: list[tuple[str, int]] = []
    found = []
    for index, char in enumerate(text):
        if char in _BRACKETS and len(stack) < 63:
            stack.append((_BRACKETS[char], index))
        elif char in _BRACKETS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    found.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(found)


def _paired_brackets(chars: list[dict[str, Any]]) -> None:
    """Rule N0, which python-bidi's algorithm module lacks: a bracket pair takes one
    direction, from the strong types inside it (after the weak-type rules, so 500 after
    "Tylenol" counts as left to right), so "Tylenol (500 mg)" inside Arabic keeps its
    brackets around "500 mg", and "Inc. (UHS)" around "UHS"."""
    text = "".join(c["ch"] for c in chars)
    for opening, closing in _pairs(text):
        embedding = "R" if chars[opening]["level"] % 2 else "L"
        inside = {_strong(c["type"]) for c in chars[opening + 1:closing]} - {""}
        if not inside:
            continue
        direction = embedding
        if embedding not in inside:  # only the opposite direction inside: the context says
            direction = next((d for c in reversed(chars[:opening]) if (d := _strong(c["type"]))),
                             embedding)
        chars[opening]["type"] = chars[closing]["type"] = direction


def reads_right_to_left(text: str, default: bool) -> bool:
    """The direction text typed at print time sets for itself: that of its first strong
    character (rules P2 and P3), or default when it has none (digits only)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default


def visual_order(items: Sequence[T], levels: Sequence[int]) -> list[T]:
    """Items of one line (logical order, one level each) in drawing order, left to
    right: rule L2 reverses every maximal run at or above each odd level."""
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return [items[i] for i in order]
