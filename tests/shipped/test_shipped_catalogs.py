"""Every shipped catalog: readable by GNU gettext, and free of errors that would misprint."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, msgfmt

from handouts.document.handout import discover_handouts
from handouts.i18n.checks import check_locale
from handouts.i18n.locales import available_locales
from handouts.project import SOURCE_LOCALE, Project

SHIPPED = Project(ROOT)
HANDOUTS = discover_handouts(SHIPPED.templates_dir)
TRANSLATED = [code for code in available_locales(SHIPPED.locales_dir) if code != SOURCE_LOCALE]
CATALOGS = sorted(SHIPPED.locales_dir.glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("po", CATALOGS, ids=[p.parent.parent.name for p in CATALOGS])
def test_catalog_passes_gnu_msgfmt_check(po: Path) -> None:
    result = subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{po}: {result.stderr}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_nothing_that_would_misprint(code: str) -> None:
    """Untranslated text may wait (the gate refuses it); a broken translation may not."""
    settings = available_locales(SHIPPED.locales_dir)[code]
    for meta in HANDOUTS.values():
        errors = [f.show() for f in check_locale(settings, meta, ROOT)
                  if f.severity == "error" and f.kind not in ("missing", "fuzzy")]
        assert errors == [], "\n".join(errors)


def test_every_shipped_font_has_its_licence() -> None:
    import tomllib

    data = tomllib.loads((SHIPPED.fonts_dir / "fonts.toml").read_text("utf-8"))
    for family, spec in data.items():
        assert (SHIPPED.fonts_dir / spec["licence"]).is_file(), f"{family}: no licence file"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_shipped_language_is_in_a_script_that_prints(code: str) -> None:
    from handouts.i18n.scripts import unsupported

    refusal = unsupported(code)
    assert refusal is None, refusal.message if refusal else ""
