"""The brand on the web page (issue 13 part 3): the brand file's logo and colours.

The colours are checked against WCAG's contrast formula written out here, not
the app's own function: whatever the brand file says, white text on the
primary colour and the colours on white stay readable (4.5:1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE
from web_support import make_app


def wcag_contrast_with_white(color: str) -> float:
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def css_colors(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))


def set_colors(project: Path, primary: str, accent: str) -> None:
    brand = project / "brand" / "brand.toml"
    text = brand.read_text("utf-8")
    text = re.sub(r'primary = "#\w+"', f'primary = "{primary}"', text)
    text = re.sub(r'accent = "#\w+"', f'accent = "{accent}"', text)
    brand.write_text(text, "utf-8")


def test_page_shows_the_brand_logo_with_its_text() -> None:
    client = make_app().test_client()
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<img class="logo" src="([^"]+)" alt="([^"]+)"', page)
    assert found, page[:800]
    logo = client.get(found.group(1))
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert logo.data == (FIXTURE / "brand" / "logo.png").read_bytes()
    assert "max-age" in logo.headers["Cache-Control"]
    assert client.get(found.group(1), headers={"If-None-Match": logo.headers["ETag"]}
                      ).status_code == 304


def test_page_uses_the_brand_colours() -> None:
    client = make_app().test_client()
    page = client.get("/handouts/alpha").get_data(as_text=True)
    assert 'href="/brand.css"' in page
    css = client.get("/brand.css")
    assert css.mimetype == "text/css"
    colors = css_colors(css.get_data(as_text=True))
    assert colors["primary"] == "#204060" and colors["accent"] == "#a02020"  # brand.toml


def test_a_light_brand_colour_is_darkened_until_it_reads(project: Path) -> None:
    set_colors(project, "#FFD700", "#7FDBFF")  # gold and sky blue: white on them is unreadable
    colors = css_colors(make_app(project).test_client().get("/brand.css").get_data(as_text=True))
    for name in ("primary", "primary-dark", "accent"):
        assert wcag_contrast_with_white(colors[name]) >= 4.5, (name, colors[name])
    assert colors["primary"] != "#ffd700"


def test_a_new_logo_shows_without_a_restart(project: Path) -> None:
    client = make_app(project, STAT_INTERVAL=0).test_client()
    first = client.get("/brand/logo").data
    (project / "brand" / "logo.png").write_bytes(
        (Path(__file__).parent.parent / "brand" / "wordmark.png").read_bytes())
    assert client.get("/brand/logo").data != first


def test_without_a_logo_the_name_shows_and_no_logo_is_served(project: Path) -> None:
    brand = project / "brand" / "brand.toml"
    brand.write_text(re.sub(r'(?m)^logo = .*\n', "", brand.read_text("utf-8")), "utf-8")
    client = make_app(project).test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'class="logo"' not in page and 'class="org"' in page
    assert client.get("/brand/logo").status_code == 404


def test_language_names_come_with_fonts_that_draw_them(scripts_project: Path) -> None:
    """A desk computer without Arabic or Devanagari fonts showed those languages' names
    as boxes: /brand.css offers the names' characters, cut from the fonts the handouts
    use, for the characters a desk may lack; the files are small fonts with exactly
    those characters (read with fontTools)."""
    import io

    from fontTools.ttLib import TTFont

    client = make_app(scripts_project).test_client()
    css = client.get("/brand.css").text
    rules = re.findall(r'src: url\("(/brand/names/[\w.-]+)"\) format\("truetype"\); '
                       r"unicode-range: ([^;]+);", css)
    assert rules and '"Handout language names"' in css
    covered: set[str] = set()
    for url, ranges in rules:
        answer = client.get(url)
        assert answer.status_code == 200 and answer.mimetype == "font/ttf"
        assert len(answer.data) < 40_000, "a few glyphs, not the whole font"
        with TTFont(io.BytesIO(answer.data)) as font:
            cmap = set(font.getBestCmap())
        listed = {int(code, 16) for code in re.findall(r"U\+([0-9A-F]+)", ranges)}
        assert listed <= cmap
        covered |= {chr(c) for c in listed}
    for name in ("العربية", "हिन्दी", "español"):
        assert set(name) - {chr(c) for c in range(0x80)} <= covered, name
    assert client.get("/brand/names/nothing.ttf").status_code == 404
    with client.get("/static/style.css") as style:  # a file response: closed after use
        assert '"Handout language names", sans-serif' in style.text


def test_a_damaged_font_is_left_out_and_the_page_keeps_its_colours(
        scripts_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font file that cannot be read made /brand.css a 500 (the page lost its brand
    colours) and stopped the server from starting; each request then tried again.
    The damaged font is left out, once; the other names keep theirs (review)."""
    import bad_inputs

    import handouts.web.namefonts as namefonts

    def damage(project: Path) -> None:
        (project / "fonts" / "NotoSansDevanagari-Regular.ttf").write_bytes(b"not a font")

    bad_inputs.own_fonts(damage)(scripts_project)
    reads: list[Path] = []
    real = namefonts._cmap
    monkeypatch.setattr(namefonts, "_cmap", lambda path, sub: reads.append(path) or real(path, sub))
    client = make_app(scripts_project).test_client()
    first = client.get("/brand.css")
    assert first.status_code == 200 and "--primary" in first.text
    ranges = " ".join(re.findall(r"unicode-range: ([^;]+);", first.text))
    assert "U+0639" in ranges, "Arabic's ع still has its font"
    assert "U+0939" not in ranges, "Hindi's ह is left to the desk's fonts"
    assert client.get("/brand.css").text == first.text
    assert len(reads) == len(set(reads)), "each font read once, not once per character"
