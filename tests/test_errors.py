"""Every user mistake gets a one-screen message, its own exit code, and no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.commands.cli import main

ARGS = ["vertebroplasty", "--locale", "en", "--print-date", "2026-11-23"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 15, "an error fits on one screen"
    return code, err


def test_unknown_handout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = run(capsys, "kyphoplasty", "--output", str(tmp_path / "x.pdf"))
    assert code == 3
    assert "'kyphoplasty'" in err and "vertebroplasty" in err and "--list" in err
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_locale(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = run(capsys, "vertebroplasty", "--locale", "xx", "--output",
                    str(tmp_path / "x.pdf"))
    assert code == 4
    assert "'xx'" in err and "es" in err


def test_template_syntax_error_names_file_and_line(
        capsys: pytest.CaptureFixture[str], project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "What is vertebroplasty?" in line)
    lines[number - 1] = lines[number - 1].replace("{{ _(", "{{ _((")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5
    assert f"vertebroplasty.xml.j2:{number}" in err
    assert not (tmp_path / "x.pdf").exists()


def test_undefined_variable_is_loud(capsys: pytest.CaptureFixture[str], project_copy: Path,
                                   tmp_path: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{{ _(\"How to get ready\") }}", "{{ patient_nmae }}"),
                    encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5 and "patient_nmae" in err and "vertebroplasty.xml.j2" in err


def test_missing_brand_field(capsys: pytest.CaptureFixture[str], project_copy: Path,
                             tmp_path: Path) -> None:
    brand = project_copy / "brand/brand.toml"
    text = brand.read_text(encoding="utf-8")
    start = text.index("notice = ")
    end = text.index('"""', text.index('"""', start) + 3) + 3
    brand.write_text(text[:start] + text[end:], encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 6
    assert "brand.toml" in err and "`notice`" in err and "[texts]" in err


def test_broken_handout_metadata(capsys: pytest.CaptureFixture[str], project_copy: Path,
                                 tmp_path: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('id = "SPN-001"', 'id = SPN-001'), encoding="utf-8")
    code, err = run(capsys, *ARGS, "--output", str(tmp_path / "x.pdf"))
    assert code == 5 and "vertebroplasty.xml.j2:" in err and "TOML" in err


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # A path under a regular file can never be created, even by root.
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    code, err = run(capsys, *ARGS, "--output", str(blocker / "x.pdf"))
    assert code == 7
    assert "file.txt" in err and "What to do" in err


def test_output_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = run(capsys, *ARGS, "--output", str(tmp_path))
    assert code == 7 and "folder" in err


def test_failed_render_leaves_previous_file_untouched(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"previous")
    code, _ = run(capsys, "vertebroplasty", "--locale", "xx", "--output", str(target))
    assert code == 4
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"], "no temporary files left"


def test_missing_options_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "vertebroplasty")
    assert code == 2 and "--output" in err
    code, err = run(capsys, "vertebroplasty", "--output", "x.pdf", "--print-date", "23/11/2026")
    assert code == 2 and "2026-11-23" in err
