"""The font list is read as it is now: a font added for a new language needs no restart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, with_shipped_fonts

from handouts.errors import FontError
from handouts.fonts import font_chain, read_manifest


def test_a_family_added_to_fonts_toml_is_seen_by_the_next_render(project: Path) -> None:
    with_shipped_fonts(project)  # NotoSans only, in a folder of the copy's own
    fonts = project / "fonts"
    assert "NanumGothic" not in read_manifest(fonts)
    with pytest.raises(FontError) as info:
        font_chain(fonts, ("NanumGothic", "NotoSans"))
    assert info.value.exit_code == 10 and "NanumGothic" in info.value.message
    manifest = fonts / "fonts.toml"
    before = manifest.stat().st_mtime_ns
    text = manifest.read_text("utf-8")
    regular = next(line for line in text.splitlines()
                   if line.startswith("regular"))
    nanum = regular.replace("NotoSans-Regular.ttf", "NanumGothic.ttf")
    manifest.write_text(text + f"\n[NanumGothic]\n{nanum}\n", "utf-8")
    os.utime(manifest, ns=(before + 1_000_000, before + 1_000_000))  # a later edit, for sure
    chain = font_chain(fonts, ("NanumGothic", "NotoSans"))
    assert chain.keys == ("NanumGothic", "NotoSans") and not chain.missing("안녕하세요")


def test_a_broken_font_list_is_a_font_error_naming_the_file(project: Path) -> None:
    with_shipped_fonts(project)
    manifest = project / "fonts" / "fonts.toml"
    read_manifest(project / "fonts")  # cached as it was
    before = manifest.stat().st_mtime_ns
    manifest.write_text("[NotoSans\nregular = 1\n", "utf-8")
    os.utime(manifest, ns=(before + 1_000_000, before + 1_000_000))  # coarse clocks: be sure
    with pytest.raises(FontError) as info:
        read_manifest(project / "fonts")
    assert str(manifest) in info.value.message and info.value.exit_code == 10


def test_one_family_name_from_two_projects_keeps_each_projects_font(tmp_path: Path) -> None:
    """ReportLab keeps the first font registered under a name for the whole process;
    a second project (or a font file replaced under a running server) whose family
    has the same name must still draw with its own file."""
    latin, hangul = tmp_path / "latin", tmp_path / "hangul"
    for folder, source in ((latin, FIXTURE / "fonts" / "NotoSans-Regular.ttf"),
                           (hangul, ROOT / "fonts" / "NanumGothic.ttf")):
        folder.mkdir()
        shutil.copy(source, folder / "Face.ttf")
        (folder / "fonts.toml").write_text('[Sans]\nregular = "Face.ttf"\n', "utf-8")
    first = font_chain(latin, ("Sans",))
    second = font_chain(hangul, ("Sans",))
    assert first.missing("안녕") == ["녕", "안"]
    assert second.missing("안녕") == [], "the second project drew with the first's font"
    assert first.keys == second.keys == ("Sans",) and first.names != second.names
