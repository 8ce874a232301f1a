"""A wheel install has no site until `handouts init-site` makes one (issue 13 part 4).

The wheel is built from this checkout and installed, without its
dependencies, into a fresh venv whose ``.pth`` borrows this interpreter's
site-packages for them (plain path lines: the outer editable ``handouts``
finder is never run, so the installed wheel is the one imported).
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_deploy import container_cmd, free_port, poll_health

from handouts.commands.cli import main
from handouts.commands.init_site import copy_site
from handouts.project import SITE_FOLDERS, starter_site

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _wheel_venv(tmp_path: Path) -> Path:
    """A venv with only the handouts wheel installed; returns its bin folder."""
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                            "-q", "-w", str(dist)], capture_output=True, text=True, timeout=180)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("handouts-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "outer-deps.pth").write_text("".join(f"{p}\n" for p in sorted(outer)))
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin/python"),
                                "install", "--no-deps", "-q", str(wheel)],
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


def test_wheel_install_needs_and_makes_a_site(tmp_path: Path) -> None:
    bin_dir = _wheel_venv(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("HANDOUTS_HOME", "PYTHONPATH")}
    where = _run([str(bin_dir / "python"), "-c", "import handouts; print(handouts.__file__)"],
                 tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv"), where

    no_site = _run([str(bin_dir / "handouts"), "--list"], tmp_path, env)
    assert no_site.returncode == 2, no_site.stderr
    assert "No site folder: HANDOUTS_HOME is not set" in no_site.stderr
    assert "handouts init-site /srv/handouts" in no_site.stderr
    assert "brand" not in no_site.stderr.lower()

    made = _run([str(bin_dir / "handouts"), "init-site", "SITE"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    assert "export HANDOUTS_HOME=" in made.stdout
    assert not list((tmp_path / "SITE").rglob("*.mo"))

    env["HANDOUTS_HOME"] = str(tmp_path / "SITE")
    rendered = _run([str(bin_dir / "handouts"), "vertebroplasty", "--locale", "es",
                     "--output", "x.pdf", "--print-date", "2026-11-23"], tmp_path, env)
    assert rendered.returncode == 0, rendered.stderr
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "x.pdf").pages)
    assert "Vertebroplastia" in text
    _container_start_command_serves(bin_dir, env, tmp_path)


def _container_start_command_serves(bin_dir: Path, env: dict[str, str], cwd: Path) -> None:
    """The Containerfile's recipe without a container engine: the wheel installed, a site
    made by init-site, then its CMD as written, with the installed `handouts` on PATH."""
    command = container_cmd()
    port = free_port()
    env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
           "HANDOUTS_PORT": str(port), "HANDOUTS_WORKERS": "1"}
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        health = poll_health(port, process, {})
        assert health["status"] == "ok" and health["handouts"] >= 1, health
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode(errors="replace")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_init_site_refuses_a_folder_with_files(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    before = _snapshot(tmp_path)
    assert main(["init-site", str(tmp_path)]) == 2
    assert str(tmp_path) in capsys.readouterr().err
    assert _snapshot(tmp_path) == before
    assert [p.name for p in tmp_path.parent.iterdir() if ".tmp-" in p.name
            and p.name.startswith(tmp_path.name)] == []


def test_init_site_copies_the_site_byte_for_byte(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    copy_site(starter_site(), dest)
    assert sorted(p.name for p in dest.iterdir()) == sorted(SITE_FOLDERS)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left
    copied = [p.relative_to(dest) for p in dest.rglob("*") if p.is_file()]
    assert copied and not any(p.suffix == ".mo" for p in copied)
    _, mismatch, errors = filecmp.cmpfiles(starter_site(), dest, [str(p) for p in copied],
                                           shallow=False)
    assert (mismatch, errors) == ([], [])


def test_init_site_where_no_folder_can_be_made_says_so(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "afile").write_text("not a folder")
    assert main(["init-site", str(tmp_path / "afile" / "site")]) == 7
    err = capsys.readouterr().err
    assert "cannot create a folder there" in err and "Traceback" not in err
    assert len(err.splitlines()) <= 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
