"""Symbol fallback families: fonts.toml marks them ``fallback = true`` and every chain ends
with them, so − ≥ ≤ → ✓ ☐ print in every locale without naming them in each locale.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE
from reportlab.pdfbase import pdfmetrics

from handouts.errors import FontError, GlyphError
from handouts.fonts import face_name, font_chain, read_manifest

FONTS = FIXTURE / "fonts"


def _fonts_dir(tmp_path: Path, math: str) -> Path:
    """A font list of Noto Sans and Noto Sans Math (the fixture's files), Math as given."""
    folder = tmp_path / "fonts"
    folder.mkdir(parents=True)
    (folder / "fonts.toml").write_text(
        f'[Sans]\nregular = "{FONTS / "NotoSans-Regular.ttf"}"\n'
        f'[Math]\nregular = "{FONTS / "NotoSansMath-Regular.ttf"}"\n{math}\n', "utf-8")
    return folder


def test_runs_send_only_what_the_text_font_lacks_to_the_fallbacks() -> None:
    chain = font_chain(FONTS, ("NotoSans",))
    math, symbols = chain.names[-2:]
    assert chain.runs("T-score −2.5 ≥ 3 ✓") == [
        ("NotoSans", "T-score "), (math, "−"), ("NotoSans", "2.5 "), (math, "≥ "),
        ("NotoSans", "3 "), (symbols, "✓")]
    assert chain.missing("−≥≤°×–—•½±µ⁄→✓☐¼¾²³") == []


def test_text_the_first_font_draws_whole_is_one_run() -> None:
    chain = font_chain(FONTS, ("NotoSans",))
    text = "Keep it at 20 °C – 25 °C × ½ dose • 2 µg\nnext line"
    assert chain.runs(text) == [("NotoSans", text)]


def test_every_chain_ends_with_the_fallbacks_once() -> None:
    assert font_chain(FONTS, ("NotoSans",)).keys == ("NotoSans", "NotoSansMath",
                                                     "NotoSansSymbols2")
    named = font_chain(FONTS, ("NotoSansMath", "NotoSans"))  # a locale may put one first
    assert named.keys == ("NotoSansMath", "NotoSans", "NotoSansSymbols2")
    manifest = read_manifest(FONTS)
    assert manifest["NotoSansMath"].fallback and not manifest["NotoSans"].fallback


def test_a_family_is_a_fallback_only_when_marked(tmp_path: Path) -> None:
    plain = font_chain(_fonts_dir(tmp_path, ""), ("Sans",))
    assert plain.keys == ("Sans",)
    with pytest.raises(GlyphError) as info:
        plain.runs("T-score −2.5")
    assert info.value.char == "\u2212" and info.value.exit_code == 9
    marked = font_chain(_fonts_dir(tmp_path / "marked", "fallback = true"), ("Sans",))
    assert marked.keys == ("Sans", "Math")
    assert [text for _, text in marked.runs("T-score −2.5")] == ["T-score ", "−", "2.5"]


def test_fallback_must_be_true_or_false(tmp_path: Path) -> None:
    folder = _fonts_dir(tmp_path, 'fallback = "yes"')
    with pytest.raises(FontError) as info:
        font_chain(folder, ("Sans",))
    assert info.value.exit_code == 10 and "fallback" in info.value.message
    assert str(folder / "fonts.toml") in info.value.message


def test_a_fallback_without_a_bold_file_draws_bold_text_with_its_regular_file() -> None:
    chain = font_chain(FONTS, ("NotoSans",))
    math = chain.families[-2]
    assert not math.has_bold
    chain.runs("−")  # loads the fallbacks
    bold = pdfmetrics.getFont(face_name(math.name, "bold"))
    assert Path(bold.face.filename).name == "NotoSansMath-Regular.ttf"
