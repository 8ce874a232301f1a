"""A Babel extractor for the brand file, so its sentences reach translators.

Registered as the ``handout_brand`` extraction method (pyproject.toml), so
plain ``pybabel extract -F pyproject.toml`` picks the brand texts up too.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from ..document.brand import BRAND_TEXTS, normalize_brand_text

_COMMENTS = {
    "ownership": "who owns the hospital; printed once, at the end of each handout. "
                 "Keep company and place names as they are.",
    "disclaimer": "medical disclaimer printed once, at the end of each handout.",
    "notice": "copy-right notice printed in the footer of every page.",
}


def extract_brand(fileobj: IO[bytes], keywords: Mapping[str, Any],
                  comment_tags: Collection[str], options: Mapping[str, Any],
                  ) -> Iterator[tuple[int, str | None, str, list[str]]]:
    raw = fileobj.read().decode("utf-8")
    data = tomllib.loads(raw)
    lines = raw.splitlines()
    for key in BRAND_TEXTS:
        text = data.get("texts", {}).get(key)
        if not isinstance(text, str):
            continue
        lineno = next((i + 1 for i, line in enumerate(lines)
                       if line.strip().startswith(f"{key} =")), 1)
        comment = f"Translators: brand text `{key}`: {_COMMENTS[key]}"
        yield lineno, None, normalize_brand_text(text), [comment]
