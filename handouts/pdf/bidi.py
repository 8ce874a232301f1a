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

from collections.abc import Sequence
from typing import TypeVar

from bidi import algorithm as uba

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
    kinds = {uba.bidirectional(c) for c in set(text)}
    if not kinds & (_LEFT_TO_RIGHT if rtl else _RIGHT_TO_LEFT):
        # the common case: every strong character runs the paragraph's way, and no
        # number or explicit control needs resolving: everything is at the base level
        return [base] * len(text)
    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uba.get_embedding_levels(text, storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    resolved: dict[int, int] = {c["index"]: c["level"] for c in storage["chars"]}
    levels, previous = [], base
    for index in range(len(text)):
        previous = resolved.get(index, previous)
        levels.append(previous)
    _paired_brackets(text, levels, base)
    return levels


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _strong(char: str) -> str:
    """L or R for a strong character (numbers count as R inside brackets, rule N0), or ""."""
    kind = uba.bidirectional(char)
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


def _paired_brackets(text: str, levels: list[int], base: int) -> None:
    """Rule N0, which python-bidi's algorithm module lacks: a bracket pair takes one
    direction, so "Inc. (UHS)" inside Arabic keeps its parentheses around "UHS"."""
    embedding = "R" if base % 2 else "L"
    for opening, closing in _pairs(text):
        inside = {_strong(c) for c in text[opening + 1:closing]} - {""}
        if embedding in inside or not inside:
            direction = embedding if inside else ""
        else:
            before = next((d for c in reversed(text[:opening]) if (d := _strong(c))), embedding)
            direction = before if before != embedding else embedding
        if direction:
            level = base if direction == embedding else base + 1
            levels[opening] = levels[closing] = level


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
