"""Two page faults of drawing, by geometry (pdfplumber): text drawn over text, and a
rule with nothing beside it.

- **overlap**: two lines of the document's text drawn over each other, as where
  a table's part left on a page was given a shorter row than its text needs and
  ran up over the paragraph above it (a bilingual large-print copy, Spanish
  page 9, before the fix in ``FittingTable``).
- **bare rule**: a vertical rule (a bilingual copy's bar beside the English
  source, a column rule) with no text and no line to write on anywhere beside
  it: the stub of a table split with nothing in its first part.

Every line of text counts, the page furniture's and a box's heading drawn again
(artifacts) too; the watermark, set slanting, does not.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pagegeometry import Page

#: A glyph's core, as a share of its size, from its baseline: under the baseline and over
#: it. Two lines whose cores meet are drawn over each other; lines set at any leading a
#: reader can read (1.2 and up) never meet.
BELOW, ABOVE = 0.2, 0.7


def upright(obj: dict[str, Any]) -> bool:
    """True unless obj is a character set slanting (the DRAFT watermark)."""
    return obj.get("object_type") != "char" or obj["matrix"][1] == obj["matrix"][2] == 0


def overlapping_lines(pages: list[Page]) -> list[str]:
    """A line per page where characters of two different lines are drawn over each
    other (same place across, baselines apart, glyph cores meeting)."""
    faults = []
    for page in pages:
        chars = [c for c in page.chars if c.get("tag") != "Artifact" or upright(c)]
        hit = _first_overlap(chars)
        if hit is not None:
            one, other = hit
            faults.append(f"page {page.number + 1}: text {one['text']!r} and {other['text']!r} "
                          f"drawn over each other at {one['top']:.0f} pt from the top")
    return faults


def _first_overlap(chars: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Characters compared only between baselines close enough for their cores to meet
    (a page's lines are a leading apart, so few are): fast on thousands of pages."""
    by_base: dict[float, list[dict[str, Any]]] = defaultdict(list)
    for char in chars:
        by_base[round(char["matrix"][5], 1)].append(char)
    bases = sorted(by_base)
    reach = (ABOVE + BELOW) * max((c["size"] for c in chars), default=0.0)
    for index, low in enumerate(bases):
        for high in bases[index + 1:]:
            if high - low >= reach:
                break
            for one in by_base[low]:
                for other in by_base[high]:
                    if _drawn_over(one, other):
                        return one, other
    return None


def _drawn_over(one: dict[str, Any], other: dict[str, Any]) -> bool:
    size = min(one["size"], other["size"])
    base_one, base_other = one["matrix"][5], other["matrix"][5]
    if abs(base_one - base_other) < 0.3 * size:  # the same line (marks, joined letters)
        return False
    across = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
    up = min(base_one + ABOVE * one["size"], base_other + ABOVE * other["size"]) - \
        max(base_one - BELOW * one["size"], base_other - BELOW * other["size"])
    return across > 0.25 * size and up > 0.2 * size


def bare_rules(pages: list[Page]) -> list[str]:
    """A line per page with a vertical rule that has no text (or line to write on)
    beside it over its whole length."""
    faults = []
    for page in pages:
        beside = page.chars + [  # (a box's heading drawn again is an artifact)
            g for g in page.graphics if g["object_type"] == "line"  # and lines to write on
            and g["x1"] - g["x0"] > 30 and abs(g["bottom"] - g["top"]) < 1]
        for rule in page.graphics:
            if rule["object_type"] != "line" or abs(rule["x1"] - rule["x0"]) > 1 \
                    or rule["bottom"] - rule["top"] < 3:
                continue
            if not any(c["top"] <= rule["bottom"] and c["bottom"] >= rule["top"]
                       for c in beside):
                faults.append(f"page {page.number + 1}: a rule {rule['bottom'] - rule['top']:.0f}"
                              f" pt long at {rule['top']:.0f} pt from the top, with no text "
                              f"beside it")
                break
    return faults
