"""Settings files as Windows editors save them: a byte-order mark, CR LF line ends.

Notepad adds a byte-order mark to UTF-8 files; most Windows editors end lines
with CR LF. The brand file and a language's locale.toml saved so read as
written (the handout files' own tests are in test_authoring.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs import own_fonts
from conftest import render, saved_on_windows

from handouts.commands.cli import main
from handouts.project import Project


@pytest.mark.parametrize("settings", ["brand/brand.toml", "locales/es/locale.toml",
                                      "fonts/fonts.toml"])
def test_a_settings_file_saved_on_windows_reads_the_same(
        project: Path, settings: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = render(locale="es", project_dir=project).pdf
    own_fonts(lambda copy: None)(project)  # fonts/ links to the fixture's: never edit that
    inputs = Project(project).all_inputs()
    saved_on_windows(project / settings, "bom+crlf")
    assert render(locale="es", project_dir=project).pdf == before
    assert main(["i18n", "check", "es"]) == 0, capsys.readouterr().err
    assert Project(project).all_inputs() == inputs, "the logo and fonts are still inputs"
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz"]) == 0, \
        capsys.readouterr().err  # rewrites locale.toml, as saved
    assert "reviewed by Ana Ruiz" in capsys.readouterr().out


def test_a_broken_brand_file_stops_i18n_update_with_its_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brand = project / "brand" / "brand.toml"
    lines = brand.read_text("utf-8").count("\n")
    brand.write_text(brand.read_text("utf-8") + "notice_extra = \n", "utf-8")
    assert main(["i18n", "update"]) == 6, "a brand error"
    err = capsys.readouterr().err
    assert f"brand.toml: line {lines + 1}: not valid TOML" in err, err
    assert "Traceback" not in err and len(err.splitlines()) <= 4
