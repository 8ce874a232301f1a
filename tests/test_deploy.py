"""Issue 13, part 4: the deployment kit (deploy/, docs/deployment.md).

The Containerfile's CMD and the systemd unit's ExecStart start a server that answers
/healthz, configured only by environment variables (no container engine needed: the
command runs here, with this Python).  Behind a reverse proxy (PROXY_HOPS) links carry
the proxy's sub-path and the host check sees the forwarded host; without it forwarded
headers are ignored.  A bad HANDOUTS_PORT is a usage error naming the variable.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURE, free_port
from web_support import make_app

from handouts.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
FORWARDED = {"X-Forwarded-Prefix": "/handouts", "X-Forwarded-Host": "intranet.example",
             "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.1.2.3"}


def container_cmd() -> list[str]:
    """The Containerfile's CMD, which must be the JSON (exec) form."""
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    found = re.findall(r"^CMD\s+(\[.*\])\s*$", text, re.MULTILINE)
    assert len(found) == 1, "one CMD, in JSON array form"
    command = json.loads(found[0])
    assert isinstance(command, list) and all(isinstance(word, str) for word in command)
    return command


def unit_exec_start() -> list[str]:
    text = (DEPLOY / "handouts.service").read_text(encoding="utf-8")
    found = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    assert len(found) == 1
    return shlex.split(found[0])


def runnable(command: list[str]) -> list[str]:
    """The command with its `handouts` console script (a bare name or an installed path)
    replaced by this Python running the package, unless the script is on PATH."""
    program, *rest = command
    if Path(program).name == "handouts" and (os.sep in program or not shutil.which(program)):
        return [sys.executable, "-m", "handouts", *rest]
    return command



def serve_and_check_health(command: list[str], behind_proxy: bool = False) -> None:
    """Run the command; it answers /healthz.  Behind a proxy, waitress must pass the
    forwarded headers on (the host check sees intranet.example, not 127.0.0.1)."""
    port = free_port()
    env = {**os.environ, "HANDOUTS_HOME": str(FIXTURE), "HANDOUTS_PORT": str(port),
           "HANDOUTS_HOST": "127.0.0.1", "HANDOUTS_WORKERS": "1", "HANDOUTS_THREADS": "4"}
    for name in ("HANDOUTS_ALLOWED_HOSTS", "HANDOUTS_PROXY_HOPS", "HANDOUTS_API_KEY"):
        env.pop(name, None)
    if behind_proxy:
        env.update(HANDOUTS_PROXY_HOPS="1", HANDOUTS_ALLOWED_HOSTS="intranet.example")
    process = subprocess.Popen(runnable(command), env=env, cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        health = poll_health(port, process, FORWARDED if behind_proxy else {})
        assert health["status"] in ("ok", "degraded") and health["handouts"] >= 2
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode is not None
    assert b"Traceback" not in err, err.decode(errors="replace")


def poll_health(port: int, process: subprocess.Popen[bytes],
                headers: dict[str, str]) -> dict[str, object]:
    deadline = time.monotonic() + 60
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=headers)
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        try:
            with urllib.request.urlopen(request, timeout=5) as r:
                assert r.status == 200 and r.headers.get_content_type() == "application/json"
                answer: dict[str, object] = json.load(r)
                return answer
        except urllib.error.HTTPError:
            raise  # the server answered, and not with 200
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("the server never answered /healthz")


def test_python_m_handouts_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "handouts", "serve", "--help"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0 and "HANDOUTS_PORT" in done.stdout


def test_container_cmd_serves_healthz() -> None:
    command = container_cmd()
    assert command[:2] == ["handouts", "serve"]
    serve_and_check_health(command)


def test_systemd_exec_start_serves_healthz() -> None:
    command = unit_exec_start()
    assert Path(command[0]).name == "handouts" and command[1] == "serve"
    serve_and_check_health(command, behind_proxy=True)


def test_systemd_unit_is_hardened_and_kills_workers() -> None:
    text = (DEPLOY / "handouts.service").read_text(encoding="utf-8")
    for line in ("EnvironmentFile=-/etc/handouts/env", "Restart=on-failure",
                 "KillMode=control-group", "NoNewPrivileges=yes", "ProtectSystem=strict",
                 "PrivateTmp=yes", "User=handouts"):
        assert re.search(f"^{re.escape(line)}$", text, re.MULTILINE), line


def test_container_runs_as_a_user_and_checks_health() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", text, re.MULTILINE)
    assert re.search(r"^USER (?!root)\w+", text, re.MULTILINE)
    assert "EXPOSE 8000" in text and "/healthz" in text and "-e " not in text


def test_behind_a_proxy_links_carry_the_sub_path() -> None:
    client = make_app(PROXY_HOPS=1).test_client()
    page = client.get("/", headers=FORWARDED).get_data(as_text=True)
    assert 'href="/handouts/static/style.css' in page
    assert re.search(r'<form class="search"[^>]*action="/handouts/"', page)
    assert 'href="/static/' not in page


def test_without_proxy_hops_forwarded_headers_are_ignored() -> None:
    client = make_app().test_client()
    page = client.get("/", headers=FORWARDED).get_data(as_text=True)
    assert 'href="/static/style.css' in page and "/handouts/static" not in page


def test_allowed_hosts_sees_the_forwarded_host() -> None:
    config: dict[str, object] = {"PROXY_HOPS": 1, "ALLOWED_HOSTS": ["intranet.example"]}
    client = make_app(**config).test_client()
    assert client.get("/healthz", headers=FORWARDED).status_code == 200
    other = {**FORWARDED, "X-Forwarded-Host": "evil.example"}
    assert client.get("/healthz", headers=other).status_code == 400
    without_proxy = make_app(ALLOWED_HOSTS=["intranet.example"]).test_client()
    assert without_proxy.get("/healthz", headers=FORWARDED).status_code == 400


def test_proxy_hops_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_PROXY_HOPS", "1")
    page = make_app().test_client().get("/", headers=FORWARDED).get_data(as_text=True)
    assert 'href="/handouts/static/style.css' in page


@pytest.mark.parametrize(("name", "value"), [("HANDOUTS_PORT", "abc"),
                                             ("HANDOUTS_WORKERS", "-1"),
                                             ("HANDOUTS_THREADS", "many")])
def test_bad_environment_number_is_a_usage_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, value: str) -> None:
    monkeypatch.setenv("HANDOUTS_HOME", str(FIXTURE))
    monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err


def test_bad_proxy_hops_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HANDOUTS_HOME", str(FIXTURE))
    monkeypatch.setenv("HANDOUTS_PROXY_HOPS", "one")
    assert main(["serve"]) == 2
    assert "HANDOUTS_PROXY_HOPS" in capsys.readouterr().err


def test_flags_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from handouts.commands.serve import parser

    monkeypatch.setenv("HANDOUTS_PORT", "9123")
    monkeypatch.setenv("HANDOUTS_HOST", "0.0.0.0")
    monkeypatch.setenv("HANDOUTS_WORKERS", "3")
    args = parser().parse_args([])
    assert (args.port, args.host, args.workers) == (9123, "0.0.0.0", 3)
    args = parser().parse_args(["--port", "8001", "--host", "127.0.0.1"])
    assert (args.port, args.host) == (8001, "127.0.0.1")


def test_the_unit_and_the_image_give_the_server_a_writable_cache() -> None:
    """The unit's file system is read-only and the image's user has no home: each names
    a cache folder it can write (systemd makes CacheDirectory= under /var/cache), so a
    large library's index survives a restart."""
    unit = (DEPLOY / "handouts.service").read_text(encoding="utf-8")
    folder = re.findall(r"^CacheDirectory=(\S+)$", unit, re.MULTILINE)
    assert folder and re.search(rf"^Environment=HANDOUTS_CACHE_DIR=/var/cache/{folder[0]}$",
                                unit, re.MULTILINE)
    image = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r"^\s+HANDOUTS_CACHE_DIR=/tmp/\S+$", image, re.MULTILINE)
