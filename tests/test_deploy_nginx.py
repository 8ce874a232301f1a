"""deploy/nginx.conf, as shipped, in front of the app: TLS, staff sign-in, a sub-path.

Only what a test machine needs is replaced (certificate, password file, ports,
the upstream); every proxy setting is the example's own.  The app trusts one
proxy hop and allows only the example's host name, as docs/deployment.md says.
Skipped locally without Debian's nginx and openssl; CI installs them.
"""

from __future__ import annotations

import base64
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE, PRINT_DATE, free_port, needs
from web_support import serving

from handouts.web import create_app

EXAMPLE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
HOST = "intranet.example.org"
# htpasswd's {SHA} form of "secret", which nginx reads
PASSWORDS = "desk:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n"
SIGNED_IN = {"Authorization": "Basic " + base64.b64encode(b"desk:secret").decode()}



def _unavailable() -> str:
    for program in ("nginx", "openssl"):
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            return f"{program} is not installed (apt-get install nginx-light openssl)"
    return ""


def _site_config(folder: Path, https: int, http: int, upstream: int) -> str:
    text = EXAMPLE.read_text("utf-8")
    for old, new in [(f"/etc/nginx/tls/{HOST}.crt", str(folder / "tls.crt")),
                     (f"/etc/nginx/tls/{HOST}.key", str(folder / "tls.key")),
                     ("/etc/nginx/handouts.htpasswd", str(folder / "htpasswd")),
                     ("listen 443 ssl", f"listen 127.0.0.1:{https} ssl"),
                     ("listen 80;", f"listen 127.0.0.1:{http};"),
                     ("http://127.0.0.1:8000/", f"http://127.0.0.1:{upstream}/")]:
        assert old in text, f"deploy/nginx.conf no longer says {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def proxy() -> Iterator[int]:
    needs(_unavailable(), "proxy test")
    # nginx's workers run as an unprivileged user: the password file must be readable
    # to them, so not under pytest's private (0700) temporary folder
    folder = Path(tempfile.mkdtemp(prefix="handouts-nginx-", dir="/tmp"))
    folder.chmod(0o755)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(folder / "tls.key"), "-out", str(folder / "tls.crt"),
                    "-subj", f"/CN={HOST}"], check=True, capture_output=True, timeout=60)
    (folder / "htpasswd").write_text(PASSWORDS)
    (folder / "htpasswd").chmod(0o644)
    app = create_app({"PROJECT_DIR": FIXTURE, "PRINT_DATE": PRINT_DATE, "PROXY_HOPS": 1,
                      "ALLOWED_HOSTS": HOST})
    with serving(app, clear_untrusted_proxy_headers=False) as base:  # as `serve` does
        yield from _behind_nginx(folder, int(base.rsplit(":", 1)[1]))


def _behind_nginx(folder: Path, upstream: int) -> Iterator[int]:
    """nginx with deploy/nginx.conf in front of the server on port upstream: its port."""
    https, http = free_port(), free_port()
    (folder / "site.conf").write_text(_site_config(folder, https, http, upstream))
    (folder / "nginx.conf").write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {folder}/site.conf;\n}}\n")
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c",
                              str(folder / "nginx.conf"), "-g", "daemon off;"],
                             stderr=subprocess.PIPE)
    try:
        _wait_for(https, nginx)
        yield https
    finally:
        nginx.terminate()
        nginx.communicate(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("nginx never listened")


def fetch(port: int, path: str, headers: dict[str, str] | None = None,
          form: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A request through nginx, as a browser at https://intranet.example.org:PORT."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # a test certificate
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(f"https://127.0.0.1:{port}{path}", data=data,
                                     headers={"Host": f"{HOST}:{port}", **(headers or {})})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                         NoRedirect())
    try:
        with opener.open(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_staff_sign_in_comes_first(proxy: int) -> None:
    status, headers, _ = fetch(proxy, "/handouts/")
    assert status == 401 and "Basic" in headers["WWW-Authenticate"]


def test_the_page_works_under_the_sub_path(proxy: int) -> None:
    status, _, body = fetch(proxy, "/handouts/", SIGNED_IN)
    page = body.decode()
    assert status == 200
    for link in ('href="/handouts/static/style.css', 'href="/handouts/brand.css"',
                 'src="/handouts/brand/logo"', 'action="/handouts/"'):
        assert link in page, link
    assert fetch(proxy, "/handouts/brand.css", SIGNED_IN)[0] == 200
    assert fetch(proxy, "/handouts", SIGNED_IN)[1]["Location"].endswith("/handouts/")


def test_the_pages_own_form_prints_and_another_sites_does_not(proxy: int) -> None:
    form = {"locale": "es", "patient_name": "Rosa Prueba"}
    own = {**SIGNED_IN, "Origin": f"https://{HOST}:{proxy}"}
    status, headers, body = fetch(proxy, "/handouts/handouts/alpha.pdf", own, form)
    assert status == 200 and body.startswith(b"%PDF")
    other = {**SIGNED_IN, "Origin": "https://evil.example"}
    assert fetch(proxy, "/handouts/handouts/alpha.pdf", other, form)[0] == 403
