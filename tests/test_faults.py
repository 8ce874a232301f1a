"""Faults (issue 12, part 7): what a killed server, an interrupted pack and two packs at
once leave behind.

* ``kill -9`` of ``generate.py serve``: its render workers, the fork server and the
  resource tracker end too (read from /proc, not from the program's own records).
* A pack killed with ``kill -9`` after its first file: the manifest already holds that
  file, so the next run skips it; no temporary file is left.
* A pack while another is writing into the same folder: refused with a message, and
  nothing is written.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURE, free_port

from handouts.commands.cli import main
from handouts.commands.pack import MANIFEST

REPO = Path(__file__).resolve().parent.parent


def descendants(pid: int) -> set[int]:
    """Every process under ``pid``, from /proc (children of children included)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie is dead, waiting for its parent to read its status
            left.add(pid)
    return left



def test_kill_9_of_the_server_leaves_no_process_behind() -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--port", str(port),
                               "--workers", "2", "--project", str(FIXTURE)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/handouts/alpha.pdf"
                                            "?locale=es", timeout=30) as answer:
                    assert answer.status == 200
                break
            except OSError:
                time.sleep(0.3)
        helpers = descendants(server.pid)
        assert len(helpers) >= 3  # the render workers, the fork server, the resource tracker
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(helpers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(helpers) == set(), "orphans: " + ", ".join(
            Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:80]
            for pid in alive(helpers))
    finally:
        server.kill()
        server.wait(timeout=10)


def test_a_pack_killed_midway_is_resumed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "handouts", "pack", "--project", str(FIXTURE),
               "--output", str(out), "--jobs", "1", "--print-date", "2026-03-02"]
    pack = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done: dict[str, object] = {}
    while not done and time.monotonic() < deadline and pack.poll() is None:
        try:
            done = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)
    pack.send_signal(signal.SIGKILL)
    pack.wait(timeout=10)
    assert done, "the manifest was not written while the pack ran"
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]  # nothing half-written
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    for name in done:
        assert f"{name} unchanged" in again.stderr, (name, again.stderr)


def test_a_second_pack_into_the_same_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)  # as a running pack holds it
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code = main(["pack", "--project", str(FIXTURE), "--output", str(out), "--jobs", "1"])
    finally:
        os.close(holder)
    assert code == 2
    assert "another print pack is writing into" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert main(["pack", "--project", str(FIXTURE), "--output", str(out), "--jobs", "1",
                 "--locale", "en"]) == 0  # free again once the other is done
