"""Every user mistake gets a one-screen message, its own exit code, and no file.

Each test runs the command line on a scratch copy of the fixture project
(``project``, which is HANDOUTS_HOME) and breaks one thing in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.commands.cli import main

ARGS = ["alpha", "--locale", "en", "--print-date", "2026-11-23"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 15, "an error fits on one screen"
    return code, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_handout(capsys: pytest.CaptureFixture[str], project: Path,
                         tmp_path: Path) -> None:
    code, err = run(capsys, "gamma", "--output", str(tmp_path / "x.pdf"))
    assert code == 3
    assert "'gamma'" in err and "alpha" in err and "beta" in err and "--list" in err
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_locale(capsys: pytest.CaptureFixture[str], project: Path,
                        tmp_path: Path) -> None:
    code, err = run(capsys, "alpha", "--locale", "xx", "--output", str(tmp_path / "x.pdf"))
    assert code == 4
    assert "'xx'" in err and "Available: en (English), es (Spanish)." in err
    assert not (tmp_path / "x.pdf").exists()


def test_template_syntax_error_names_file_and_line(
        capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    path = project / "templates/handouts/alpha.xml.j2"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "How to rest" in line)
    lines[number - 1] = lines[number - 1].replace("{{ _(", "{{ _((")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5
    assert f"alpha.xml.j2:{number}" in err
    assert not (tmp_path / "x.pdf").exists()


def test_undefined_variable_is_loud(capsys: pytest.CaptureFixture[str], project: Path,
                                   tmp_path: Path) -> None:
    edit(project / "templates/handouts/alpha.xml.j2", '{{ _("How to rest") }}',
         "{{ patient_nmae }}")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5 and "patient_nmae" in err and "alpha.xml.j2" in err
    assert not (tmp_path / "x.pdf").exists()


def test_missing_brand_field(capsys: pytest.CaptureFixture[str], project: Path,
                             tmp_path: Path) -> None:
    brand = project / "brand/brand.toml"
    text = brand.read_text(encoding="utf-8")
    start = text.index("notice = ")
    end = text.index('"""', text.index('"""', start) + 3) + 3
    brand.write_text(text[:start] + text[end:], encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 6
    assert "brand.toml" in err and "`notice`" in err and "[texts]" in err
    assert not (tmp_path / "x.pdf").exists()


def test_broken_handout_metadata(capsys: pytest.CaptureFixture[str], project: Path,
                                 tmp_path: Path) -> None:
    edit(project / "templates/handouts/alpha.xml.j2", 'id = "TST-001"', "id = TST-001")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5 and "alpha.xml.j2:" in err and "TOML" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_character_no_font_has_is_refused(capsys: pytest.CaptureFixture[str],
                                            project: Path, tmp_path: Path) -> None:
    # The fixture has one Latin font: Hangul would print as blank boxes.
    edit(project / "templates/handouts/alpha.xml.j2", "{% trans %}Drink water.",
         "{% trans %}Drink water (물).")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 9 and "U+BB3C" in err and "NotoSans" in err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_font_family_is_refused(capsys: pytest.CaptureFixture[str],
                                           project: Path, tmp_path: Path) -> None:
    edit(project / "locales/en/locale.toml", 'fonts = ["NotoSans"]',
         'fonts = ["NotoSans", "NotoSansKorean"]')
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 10 and "NotoSansKorean" in err
    assert "locales/en/locale.toml" in err, "the file that named the family is the one to fix"
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_output(capsys: pytest.CaptureFixture[str], project: Path,
                           tmp_path: Path) -> None:
    # A path under a regular file can never be created, even by root.
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    code, err = run(capsys, *ARGS, "--output", str(blocker / "x.pdf"))
    assert code == 7
    assert "file.txt" in err and "What to do" in err


def test_output_is_a_folder(capsys: pytest.CaptureFixture[str], project: Path,
                            tmp_path: Path) -> None:
    code, err = run(capsys, *ARGS, "--output", str(tmp_path))
    assert code == 7 and "folder" in err


def test_failed_render_leaves_previous_file_untouched(
        capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "handout.pdf"
    target.write_bytes(b"previous")
    code, _ = run(capsys, "alpha", "--locale", "xx", "--output", str(target))
    assert code == 4
    assert target.read_bytes() == b"previous"
    assert [p.name for p in out.iterdir()] == ["handout.pdf"], "no temporary files left"


def test_missing_options_are_usage_errors(capsys: pytest.CaptureFixture[str],
                                          project: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pdf")
    code, err = run(capsys, "alpha")
    assert code == 2 and "--output" in err
    code, err = run(capsys, "alpha", "--output", out, "--print-date", "23/11/2026")
    assert code == 2 and "2026-11-23" in err
    code, err = run(capsys, "alpha", "--output", out, "--paper", "tabloid")
    assert code == 2 and "letter" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("library", ["babel", "reportlab"])
def test_run_outside_its_virtual_environment(library: str, project: Path,
                                             tmp_path: Path) -> None:
    """`python generate.py` with a Python that lacks the project's libraries (the tool's
    own messages say `python generate.py`): one screen naming the library and the
    Python to use, not a traceback. The library is hidden here, as if not installed."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "generate.py"
    run = (f"import sys, runpy; sys.modules[{library!r}] = None; "
           f"sys.argv = [{str(script)!r}, 'alpha', '--locale', 'en', '--output', "
           f"{str(tmp_path / 'a.pdf')!r}]; runpy.run_path({str(script)!r}, run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 12, done.stderr
    assert f'the library "{library}" is not installed' in done.stderr
    assert "What to do:" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) <= 3 and not (tmp_path / "a.pdf").exists()
