"""pybabel's mapping and the renderer use the same template rules.

If pyproject.toml's Jinja mapping and handouts/document/rules.py disagree
(say, on trimming white space), the msgids translators see differ from the
ones looked up at render time, and translations silently fall back to English.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT

from handouts.document.rules import EXTENSIONS, EXTRACT_OPTIONS, POLICIES, TRIMMED

REPOSITORY = Path(__file__).resolve().parents[2]


def jinja_mapping(pyproject: Path) -> dict[str, str]:
    data = tomllib.loads(pyproject.read_text("utf-8"))
    found = [m for m in data["tool"]["babel"]["mappings"] if m["method"] == "jinja2"]
    assert len(found) == 1, f"{pyproject}: one jinja2 mapping"
    return {k: v for k, v in found[0].items() if k not in ("method", "pattern")}


@pytest.mark.parametrize("pyproject", [REPOSITORY / "pyproject.toml", FIXTURE / "pyproject.toml",
                                       ROOT / "pyproject.toml"], ids=["repo", "fixture", "site"])
def test_mapping_equals_the_rules_the_renderer_uses(pyproject: Path) -> None:
    if not pyproject.is_file():  # a site folder (HANDOUTS_HOME) may keep no pyproject
        pyproject = REPOSITORY / "pyproject.toml"
    assert jinja_mapping(pyproject) == dict(EXTRACT_OPTIONS)


def test_rules_are_consistent_with_themselves() -> None:
    assert EXTRACT_OPTIONS["extensions"] == ",".join(EXTENSIONS)
    assert POLICIES["ext.i18n.trimmed"] is TRIMMED
    assert EXTRACT_OPTIONS["trimmed"] == ("true" if TRIMMED else "false")
    assert EXTRACT_OPTIONS["silent"] == "false", "a broken template must not be skipped"
