"""The files a render reads: named by Project.render_inputs, covered by INPUT_PATTERNS,
and watched by the web server's fingerprint."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE

from handouts.document.brand import load_brand
from handouts.document.handout import find_handout
from handouts.fonts import read_manifest
from handouts.i18n.locales import available_locales
from handouts.project import INPUT_PATTERNS, Project
from handouts.web.stamps import fingerprint

COMBOS = [(name, code, bilingual) for name in ("alpha", "beta") for code in ("en", "es")
          for bilingual in (False, True)]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob pattern as pathlib.glob reads it: ``**/`` is any number of folders, ``*`` and
    ``?`` stay within one path segment."""
    out = ""
    for segment in pattern.split("/"):
        if segment == "**":
            out += "(?:[^/]+/)*"
            continue
        out += "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c)
                       for c in segment) + "/"
    return re.compile(out.removesuffix("/"))


def matching_pattern(root: Path, path: Path) -> str | None:
    """The INPUT_PATTERNS entry path matches, relative to root, or None."""
    rel = posixpath.normpath(path.relative_to(root).as_posix())
    return next((p for p in INPUT_PATTERNS if glob_regex(p).fullmatch(rel)), None)


@pytest.mark.parametrize("pattern,path,expected", [
    ("templates/**/*.j2", "templates/handouts/alpha.xml.j2", True),
    ("templates/**/*.j2", "templates/a/b/c.j2", True),
    ("templates/**/*.j2", "templates/x.j2", True),
    ("fonts/*", "fonts/NotoSans-Regular.ttf", True),
    ("fonts/*", "fonts/noto/NotoSans-Regular.ttf", False),
    ("locales/*/locale.toml", "locales/es/sub/locale.toml", False),
    ("brand/*", "templates/brand/x", False),
])
def test_glob_regex_reads_patterns_as_glob_does(pattern: str, path: str,
                                                expected: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is expected


def render_inputs(root: Path, name: str, code: str, bilingual: bool) -> tuple[Path, ...]:
    project = Project(root)
    settings = available_locales(project.locales_dir)[code]
    meta = find_handout(name, project.templates_dir)
    logo = load_brand(project.brand_file).logo
    return project.render_inputs(meta.path, settings.folder, settings.fonts, logo,
                                 bilingual=bilingual)


@pytest.fixture
def standalone(project: Path) -> Path:
    """The scratch fixture with its font files copied into its own fonts/ folder."""
    families = read_manifest(FIXTURE / "fonts")
    (project / "fonts").unlink()  # a link to the shared fixture fonts
    (project / "fonts").mkdir()
    manifest = []
    for family in families.values():
        manifest.append(f"[{family.name}]")
        for face, path in family.files:
            shutil.copy(path, project / "fonts" / path.name)
            manifest.append(f'{face} = "{path.name}"')
    (project / "fonts" / "fonts.toml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("name,code,bilingual", COMBOS)
def test_render_inputs_exist_and_match_input_patterns(standalone: Path, name: str, code: str,
                                                      bilingual: bool) -> None:
    inputs = render_inputs(standalone, name, code, bilingual)
    assert len(set(inputs)) == len(inputs)
    for path in inputs:
        assert path.is_file(), path
        assert matching_pattern(standalone, path), f"{path} matches no INPUT_PATTERNS entry"
    all_inputs = set(Project(standalone).all_inputs())
    assert set(inputs) <= all_inputs, set(inputs) - all_inputs


@pytest.mark.parametrize("name,code,bilingual", COMBOS)
def test_render_inputs_name_what_decides_the_render(standalone: Path, name: str, code: str,
                                                    bilingual: bool) -> None:
    inputs = set(render_inputs(standalone, name, code, bilingual))
    root = standalone
    expected = {root / f"templates/handouts/{name}.xml.j2", root / "templates/layout/base.xml.j2",
                root / "brand/brand.toml", root / "brand/logo.png", root / "fonts/fonts.toml",
                root / "fonts/NotoSans-Regular.ttf", root / "fonts/NotoSans-Bold.ttf",
                root / f"locales/{code}/locale.toml"}
    if code == "es":
        expected.add(root / f"locales/es/LC_MESSAGES/{name}.po")  # its own catalog
        expected.add(root / "locales/es/LC_MESSAGES/shared.po")  # and the shared one
        if bilingual:
            expected.add(root / "locales/en/locale.toml")
    assert inputs == expected


def test_editing_any_render_input_changes_the_fingerprint(standalone: Path) -> None:
    inputs = sorted({p for combo in COMBOS for p in render_inputs(standalone, *combo)})
    assert inputs
    for path in inputs:
        before = fingerprint(standalone)
        stat = path.stat()
        later = stat.st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(later, later))
        assert fingerprint(standalone) != before, f"editing {path} went unnoticed"


def test_adding_a_template_changes_the_fingerprint(standalone: Path) -> None:
    before = fingerprint(standalone)
    shutil.copy(standalone / "templates/handouts/beta.xml.j2",
                standalone / "templates/handouts/gamma.xml.j2")
    assert fingerprint(standalone) != before


def test_font_files_in_a_subfolder_are_fingerprinted(standalone: Path) -> None:
    """fonts.toml may name its files by any relative path; a render reads them, so the
    fingerprint must watch them."""
    fonts = standalone / "fonts"
    (fonts / "noto").mkdir()
    manifest = (fonts / "fonts.toml").read_text(encoding="utf-8")
    for ttf in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        (fonts / ttf).rename(fonts / "noto" / ttf)
        manifest = manifest.replace(f'"{ttf}"', f'"noto/{ttf}"')
    (fonts / "fonts.toml").write_text(manifest, encoding="utf-8")
    inputs = render_inputs(standalone, "alpha", "es", False)
    font_file = fonts / "noto" / "NotoSans-Regular.ttf"
    assert font_file in inputs
    assert font_file in Project(standalone).all_inputs()
    before = fingerprint(standalone)
    later = font_file.stat().st_mtime_ns + 1_000_000_000
    os.utime(font_file, ns=(later, later))
    assert fingerprint(standalone) != before


def test_fixture_render_inputs_are_all_inputs() -> None:
    """The fixture as it is: every file any of its renders reads is in all_inputs()."""
    all_inputs = {p.resolve() for p in Project(FIXTURE).all_inputs()}
    missed = sorted({p.resolve() for combo in COMBOS for p in render_inputs(FIXTURE, *combo)}
                    - all_inputs)
    assert missed == []


def test_a_logo_in_a_subfolder_of_brand_is_fingerprinted(standalone: Path) -> None:
    """brand.toml may name a logo in a folder of its own (never outside brand/: the brand
    file refuses that); edits to it must reach the web cache."""
    (standalone / "brand" / "art").mkdir()
    (standalone / "brand" / "logo.png").rename(standalone / "brand" / "art" / "logo.png")
    brand = standalone / "brand" / "brand.toml"
    brand.write_text(brand.read_text("utf-8").replace('logo = "logo.png"',
                                                      'logo = "art/logo.png"'), "utf-8")
    logo = standalone / "brand" / "art" / "logo.png"
    assert logo in render_inputs(standalone, "alpha", "en", False)
    assert logo in Project(standalone).all_inputs()
    before = fingerprint(standalone)
    later = logo.stat().st_mtime_ns + 1_000_000_000
    os.utime(logo, ns=(later, later))
    assert fingerprint(standalone) != before


def test_a_linked_folder_is_followed_once_and_a_relative_root_is_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library kept elsewhere and linked in is looked at (an edit there shows); a link
    back up the tree (a mistake, or a backup tool's) must not make the server's look
    run forever; `--project .` lists the same files."""
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    expected = Project(copy).all_inputs()
    (copy / "templates" / "handouts").rename(tmp_path / "library")
    (copy / "templates" / "handouts").symlink_to(tmp_path / "library")
    linked = Project(copy).all_inputs()
    assert len(linked) == len(expected)
    assert all((p.parent.name == "handouts") == (q.parent.name == "handouts")
               for p, q in zip(linked, expected, strict=True))
    (copy / "templates" / "self").symlink_to(".")
    (copy / "templates" / "handouts" / "again").symlink_to("..")
    (copy / "templates" / "up").symlink_to("..")  # the site itself: never walked through
    (copy / "notes.md").write_text("# Not a handout\n", "utf-8")
    assert Project(copy).all_inputs() == linked, "each folder once, nothing above templates/"
    monkeypatch.chdir(copy)
    assert [Path(n).resolve() for n in Project(Path(".")).input_names()] == \
        [Path(n).resolve() for n in Project(copy).input_names()]
