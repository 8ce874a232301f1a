"""Issue 12, part 8: what every answer and the log may carry (docs/http-api.md, "Security").

Every answer (page, PDF, PNG, JSON, error) forbids framing and sniffing and turns off the
camera, microphone and location; no error page or JSON body shows where the server keeps
its files; a name typed into an address never reaches the log, from Flask or waitress.
Against the fixture project (tests/fixture), or a scratch copy that a test breaks.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, po_path, with_shipped_fonts
from flask.testing import FlaskClient
from web_support import JSON, json_of, make_app, make_incomplete
from werkzeug.test import TestResponse

from handouts.web.headers import with_no_frames

NAME = "Qyzzel Wortmann"  # typed into an address by mistake

# --- 3. headers on every answer -------------------------------------------------------------

ANSWERS = [
    ("GET", "/", "text/html"),
    ("GET", "/handouts/alpha", "text/html"),
    ("POST", "/handouts/alpha", "text/html"),
    ("GET", "/handouts/alpha.pdf", "application/pdf"),
    ("POST", "/handouts/alpha.pdf", "application/pdf"),
    ("GET", "/handouts/alpha/preview.png", "image/png"),
    ("GET", "/api/handouts", "application/json"),
    ("GET", "/healthz", "application/json"),
    ("GET", "/static/app.js", "text/javascript"),
    ("GET", "/api/nothing", "application/json"),  # an error
    ("GET", "/handouts/nonesuch.pdf", "text/html"),  # an error page
]


@pytest.mark.parametrize(("method", "path", "mimetype"), ANSWERS)
def test_every_answer_forbids_frames_sniffing_and_devices(
        client: FlaskClient, method: str, path: str, mimetype: str) -> None:
    data = {"patient_name": "Ana"} if method == "POST" else None
    response = client.open(path, method=method, data=data, buffered=True)
    assert response.mimetype == mimetype
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"  # the page's forms carry their Origin
    permissions = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions
    if mimetype == "text/html":  # the page's own policy is kept
        assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_a_conditional_304_carries_the_headers_too(client: FlaskClient) -> None:
    etag = client.get("/handouts/alpha.pdf").headers["ETag"]
    response = client.get("/handouts/alpha.pdf", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.headers["X-Frame-Options"] == "DENY"


def test_an_existing_policy_is_kept_and_framing_forbidden() -> None:
    assert with_no_frames("default-src 'none'") == "default-src 'none'; frame-ancestors 'none'"
    assert with_no_frames("img-src *; frame-ancestors https://x.example") == \
        "img-src *; frame-ancestors 'none'"
    assert with_no_frames("") == "frame-ancestors 'none'"


# --- 5. no server paths in error answers ----------------------------------------------------

def assert_no_server_paths(response: TestResponse, *folders: Path) -> str:
    text = response.get_data(as_text=True)
    for folder in (*folders, ROOT):
        assert str(folder) not in text, f"{folder} in {text[:400]}"
    return text


def test_incomplete_translation_409_names_the_catalog_relative(project: Path) -> None:
    make_incomplete(project, "es")
    client = make_app(project).test_client()
    for headers in (JSON, {}):
        response = client.get("/handouts/alpha.pdf?locale=es", headers=headers)
        assert response.status_code == 409
        text = assert_no_server_paths(response, project)
        assert "locales/es/LC_MESSAGES/shared.po" in text


def test_broken_brand_file_503_names_it_relative(project: Path) -> None:
    (project / "brand" / "brand.toml").write_text("name = [unclosed\n", "utf-8")
    client = make_app(project, STAT_INTERVAL=0).test_client()
    for path, headers in (("/handouts/alpha.pdf", JSON), ("/handouts/alpha.pdf", {}),
                          ("/", {}), ("/healthz", {})):
        response = client.get(path, headers=headers)
        assert response.status_code == 503  # nothing prints until IT fixes it; not a bug
        assert "brand/brand.toml" in assert_no_server_paths(response, project)


@pytest.mark.parametrize("where", ["absolute", "climbing"])
def test_font_files_outside_the_project_are_named_by_file_only(project: Path,
                                                               where: str) -> None:
    with_shipped_fonts(project)  # a font list of the copy's own
    outside = project.parent / "elsewhere"
    font = f"{outside}/Gone-Regular.ttf" if where == "absolute" else "../../up/Gone-Regular.ttf"
    with (project / "fonts" / "fonts.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(f'\n[Gone]\nregular = "{font}"\nbold = "{font}"\n')
    shutil.copytree(project / "locales" / "es", project / "locales" / "pt")
    (project / "locales" / "pt" / "locale.toml").write_text(
        'fonts = ["Gone", "NotoSans"]\n[review]\nstatus = "draft"\n', "utf-8")
    catalog = po_path(project, "pt")
    catalog.write_text(catalog.read_text("utf-8").replace("Language: es", "Language: pt"),
                       "utf-8")
    response = make_app(project).test_client().get("/handouts/alpha.pdf?locale=pt",
                                                   headers=JSON)
    assert response.status_code == 503
    assert "Gone-Regular.ttf" in assert_no_server_paths(response, project, outside)
    assert "/" not in json_of(response)["error"]  # neither the folders nor "../"


def test_broken_handout_is_listed_for_it_without_server_paths(project: Path) -> None:
    (project / "templates" / "handouts" / "beta.xml.j2").write_text("{{ oops", "utf-8")
    client = make_app(project).test_client()
    health = client.get("/healthz")
    assert json_of(health)["status"] == "degraded"
    assert "templates/handouts/beta.xml.j2" in assert_no_server_paths(health, project)
    page = client.get("/")
    assert "templates/handouts/beta.xml.j2" in assert_no_server_paths(page, project)


# --- 6. no typed path in the log ------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "logged"), [
    ("GET", f"/handouts/{NAME}.pdf", "GET /handouts/<ref>.pdf 404"),
    ("GET", f"/handouts/{NAME}", "GET /handouts/<ref> 404"),
    ("GET", f"/handouts/{NAME}/preview.png", "GET /handouts/<ref>/preview.png 404"),
    ("POST", f"/handouts/{NAME}.pdf", "POST /handouts/<ref>.pdf 404"),
    ("GET", f"/{NAME}", "GET (no such page) 404"),
    ("GET", f"/static/{NAME}.css", "GET /static/<path:filename> 404"),
    ("GET", "/handouts/TST-001.pdf", "GET /handouts/alpha.pdf 200"),  # a known handout
])
def test_the_access_log_names_the_route_never_the_typed_path(
        caplog: pytest.LogCaptureFixture, client: FlaskClient, method: str, path: str,
        logged: str) -> None:
    caplog.set_level(logging.DEBUG)
    client.open(path, method=method, data={"locale": "en"} if method == "POST" else None)
    assert logged in caplog.text
    assert "Qyzzel" not in caplog.text


def test_flasks_own_error_log_has_the_route_not_the_path(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        client: FlaskClient) -> None:
    def broken(response: object) -> None:
        raise RuntimeError("boom")  # a bug after the route: no handler catches it
    monkeypatch.setattr("handouts.web.add_security_headers", broken)
    response = client.get(f"/handouts/{NAME}.pdf")
    assert response.status_code == 500
    assert "GET /handouts/<ref>.pdf" in caplog.text and "Qyzzel" not in caplog.text


def test_waitress_messages_withhold_the_path(caplog: pytest.LogCaptureFixture) -> None:
    make_app()  # installs the filter on waitress's logger
    caplog.set_level(logging.INFO)
    waitress = logging.getLogger("waitress")
    waitress.info(f"Client disconnected while serving /handouts/{NAME}.pdf")  # as waitress does
    waitress.error("Exception while serving /handouts/%s.pdf", NAME)
    waitress.warning("server accept() threw an exception")  # other messages pass as they are
    assert "Qyzzel" not in caplog.text
    assert caplog.text.count("while serving (path withheld)") == 2
    assert "accept() threw" in caplog.text
