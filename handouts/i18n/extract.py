"""Babel extractors for the brand file and for handouts in the authoring format.

Registered as the ``handout_brand`` and ``handout_markdown`` extraction methods
(pyproject.toml), so plain ``pybabel extract -F pyproject.toml`` picks the brand
texts and ``.md`` handouts up too.  :func:`method_for` picks the method for one
file, for the extraction the renderer and ``generate.py i18n`` do themselves.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..document.authoring import MARKDOWN_SUFFIX, compile_handout
from ..document.brand import BRAND_TEXTS, brand_data, normalize_brand_text
from ..document.rules import EXTRACT_OPTIONS
from ..project import decoded

_COMMENTS = {
    "ownership": "who owns the hospital; printed once, at the end of each handout. "
                 "Keep company and place names as they are.",
    "disclaimer": "medical disclaimer printed once, at the end of each handout.",
    "notice": "copy-right notice printed in the footer of every page.",
}


def extract_brand(fileobj: IO[bytes], keywords: Mapping[str, Any],
                  comment_tags: Collection[str], options: Mapping[str, Any],
                  ) -> Iterator[tuple[int, str | None, str, list[str]]]:
    raw = decoded(fileobj.read())
    data = brand_data(raw, Path(getattr(fileobj, "name", "brand.toml")))  # as load_brand
    lines = raw.splitlines()
    for key in BRAND_TEXTS:
        text = data.get("texts", {}).get(key)
        if not isinstance(text, str):
            continue
        lineno = next((i + 1 for i, line in enumerate(lines)
                       if line.strip().startswith(f"{key} =")), 1)
        comment = f"Translators: brand text `{key}`: {_COMMENTS[key]}"
        yield lineno, None, normalize_brand_text(text), [comment]


def extract_markdown(fileobj: IO[bytes], keywords: Mapping[str, Any],
                     comment_tags: Collection[str], options: Mapping[str, Any],
                     ) -> Iterator[tuple[int, str, Any, list[str]]]:
    """A `.md` handout's messages: compiled line for line, then read as its template.

    The template rules always come from rules.py (whatever a mapping says), so the
    msgids are exactly the ones the renderer looks up.
    """
    from jinja2.ext import babel_extract

    path = Path(getattr(fileobj, "name", "handout.md"))
    source = compile_handout(fileobj.read().decode("utf-8"), path)
    compiled = io.BytesIO(source.encode("utf-8"))
    yield from babel_extract(compiled, list(keywords), list(comment_tags), dict(EXTRACT_OPTIONS))


def method_for(path: Path) -> tuple[Callable[..., Any], dict[str, Any]]:
    """The Babel extraction method and options for one source file (brand or template)."""
    from jinja2.ext import babel_extract

    if path.suffix == ".toml":
        return extract_brand, {}
    if path.name.endswith(MARKDOWN_SUFFIX):
        return extract_markdown, {}
    return babel_extract, dict(EXTRACT_OPTIONS)
