"""The front-desk web page and its HTTP contract (docs/http-api.md), via Flask's test client."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from handouts.errors import (
    BrandError,
    ContentError,
    FieldError,
    FontError,
    GlyphError,
    HandoutError,
    IncompleteTranslationError,
    InternalError,
    TranslationError,
    UnknownHandoutError,
    UnknownLocaleError,
    UsageError,
)
from handouts.i18n.messages import Completeness
from handouts.project import default_project_dir
from handouts.web import create_app
from handouts.web.cache import Blob, BlobCache
from handouts.web.problems import problem_for

PRINT_DATE = dt.date(2026, 3, 2)
PROJECT = default_project_dir()
JSON = {"Accept": "application/json"}


def copy_project(target: Path) -> Path:
    """A private copy of the handout data (fonts linked, not copied) that a test may edit."""
    for name in ("templates", "locales", "brand"):
        shutil.copytree(PROJECT / name, target / name)
    (target / "fonts").symlink_to(PROJECT / "fonts")
    return target


def make_incomplete(project: Path, locale: str) -> None:
    """Replace a catalog with one that translates nothing."""
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Language: {locale}\\n"\n')
    (project / "locales" / locale / "LC_MESSAGES" / "messages.po").write_text(header, "utf-8")


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of white space as one space (fields wrap)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def cache_of(app: Flask) -> BlobCache:
    cache: BlobCache = app.extensions["handouts"].renderer.cache
    return cache


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"PRINT_DATE": PRINT_DATE, "ACCESS_LOG": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# --- the page -------------------------------------------------------------------------------

def test_search_page_lists_handouts_with_id_version_and_review(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Vertebroplasty" in html and "SPN-001" in html and "Version 1.0" in html
    assert "Pending clinical review" in html
    assert '<label for="q">' in html and 'role="search"' in html


@pytest.mark.parametrize("query", ["vertebro", "spine", "SPN-001", "VÉRTEBRO", "bone cement"])
def test_search_finds_by_title_keyword_or_id(client: FlaskClient, query: str) -> None:
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert 'href="/handouts/vertebroplasty' in html


def test_search_without_match_says_so(client: FlaskClient) -> None:
    html = client.get("/?q=zzzzqq").get_data(as_text=True)
    assert "No handout matches" in html and 'href="/handouts/vertebroplasty' not in html


def test_handout_page_has_labelled_form_and_languages(client: FlaskClient) -> None:
    response = client.get("/handouts/SPN-001?locale=es")
    html = response.get_data(as_text=True)
    for field in ("locale", "large_print", "bilingual", "paper", "patient_name", "clinician",
                  "procedure_date", "note"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'type="date"' in html and 'target="_blank"' in html and 'method="post"' in html
    assert '<option value="es" lang="es" selected>español — Spanish (' in html
    assert 'src="/handouts/vertebroplasty/preview.png?locale=es"' in html
    assert "Content-Security-Policy" in response.headers


def test_draft_translation_is_marked_in_the_picker(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    toml = project / "locales" / "es" / "locale.toml"
    toml.write_text('fonts = ["NotoSans"]\n[review]\nstatus = "draft"\n', "utf-8")
    html = create_app({"PROJECT_DIR": project}).test_client().get("/handouts/SPN-001").text
    assert "español — Spanish (translation not yet reviewed)" in html


def test_incomplete_language_is_disabled_in_the_picker(project: Path) -> None:
    make_incomplete(project, "fr")
    html = create_app({"PROJECT_DIR": project}).test_client().get("/handouts/SPN-001").text
    assert 'value="fr" lang="fr" disabled>français — French (translation incomplete' in html


def test_update_preview_post_redisplays_without_storing(client: FlaskClient) -> None:
    response = client.post("/handouts/vertebroplasty", data={
        "locale": "es", "large_print": "1", "patient_name": "Ana <Ruiz>"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'value="Ana &lt;Ruiz&gt;"' in response.text
    assert "preview.png?locale=es&amp;large_print=1" in response.text


def test_static_files_and_health(client: FlaskClient) -> None:
    for name in ("style.css", "app.js"):
        with client.get(f"/static/{name}") as response:  # files must be closed
            assert response.status_code == 200
    assert client.get("/healthz").json == {"status": "ok", "handouts": 1}


# --- JSON list --------------------------------------------------------------------------------

def test_api_lists_handouts_with_locales(client: FlaskClient) -> None:
    data = client.get("/api/handouts").json
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert item["id"] == "SPN-001" and item["name"] == "vertebroplasty"
    assert item["title"] == "Vertebroplasty" and item["version"] == "1.0"
    assert item["reviewed"] is False and item["review_date"] is None
    assert item["review_overdue"] is False and "spine" in item["keywords"]
    locales = {loc["code"]: loc for loc in item["locales"]}
    assert locales["en"] == {"code": "en", "name": "English", "english_name": "English",
                             "status": "source", "complete": True}
    assert locales["es"]["name"] == "español" and locales["es"]["english_name"] == "Spanish"
    assert locales["es"]["complete"] is True
    assert all(loc["status"] in ("source", "reviewed", "machine-draft", "draft")
               for loc in locales.values())
    assert client.get("/api/handouts?q=zzzz").json == []


def test_api_reports_incomplete_and_overdue(project: Path) -> None:
    make_incomplete(project, "fr")
    path = project / "templates" / "handouts" / "vertebroplasty.xml.j2"
    text = path.read_text("utf-8").replace('status = "pending"',
                                           'status = "reviewed"\nby = "A. Doctor, MD"\n'
                                           "date = 2023-01-10")
    path.write_text(text, "utf-8")
    item = create_app({"PROJECT_DIR": project, "PRINT_DATE": PRINT_DATE}).test_client() \
        .get("/api/handouts").json[0]
    assert item["reviewed"] is True and item["review_date"] == "2023-01-10"
    assert item["review_overdue"] is True
    assert {loc["code"]: loc["complete"] for loc in item["locales"]}["fr"] is False


# --- PDFs -------------------------------------------------------------------------------------

def test_public_pdf_is_inline_and_cacheable(app: Flask, client: FlaskClient) -> None:
    response = client.get("/handouts/vertebroplasty.pdf?locale=es")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="vertebroplasty-es.pdf"'
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    assert response.data.startswith(b"%PDF") and "compresión" in pdf_text(response.data)
    hits = cache_of(app).stats().hits
    again = client.get("/handouts/SPN-001.pdf?locale=es-MX")  # by ID; es-MX means es
    assert again.data == response.data and cache_of(app).stats().hits == hits + 1
    assert client.get("/handouts/vertebroplasty.pdf?locale=es",
                      headers={"If-None-Match": etag}).status_code == 304


def test_large_print_and_paper_options_reach_the_pipeline(client: FlaskClient) -> None:
    normal = PdfReader(io.BytesIO(client.get("/handouts/vertebroplasty.pdf").data))
    large = PdfReader(io.BytesIO(client.get(
        "/handouts/vertebroplasty.pdf?large_print=1&paper=a4").data))
    assert len(large.pages) > len(normal.pages)
    assert round(float(large.pages[0].mediabox.width)) == 595  # A4
    assert round(float(normal.pages[0].mediabox.width)) == 612  # Letter (the brand's)
    assert client.get("/handouts/vertebroplasty.pdf?bilingual=1&locale=es").status_code == 200


def test_personal_pdf_prints_details_literally_and_is_not_stored(
        app: Flask, client: FlaskClient) -> None:
    entries = cache_of(app).stats().entries
    response = client.post("/handouts/SPN-001.pdf", data={
        "locale": "es", "patient_name": "<b>Zoë</b> & Co", "clinician": "Dr. A&B <i>",
        "procedure_date": "2026-03-05", "note": "Bring <img src=x> & list"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    text = pdf_text(response.data)
    for typed in ("<b>Zoë</b> & Co", "Dr. A&B <i>", "Bring <img src=x> & list"):
        assert typed in text
    assert "5 de marzo de 2026" in text  # the locale's long date, month in words
    assert cache_of(app).stats().entries == entries  # personal PDFs are never cached


def test_personal_details_reach_no_disk_and_no_log(
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
        client: FlaskClient) -> None:
    caplog.set_level(logging.DEBUG)
    name = f"Qyzzelwort {uuid.uuid4().hex[:10]}"
    started = time.time() - 1
    response = client.post("/handouts/vertebroplasty.pdf", data={
        "locale": "es", "patient_name": name, "note": name})
    assert response.status_code == 200 and name in pdf_text(response.data)
    assert name not in caplog.text
    captured = capsys.readouterr()
    assert name not in captured.out + captured.err
    assert "POST /handouts/vertebroplasty.pdf 200" in caplog.text  # the access log ran
    needles = [name.encode(enc) for enc in ("utf-8", "utf-16-be", "utf-16-le")]
    for folder in {PROJECT, Path(tempfile.gettempdir())}:
        assert not files_containing(folder, needles, started), folder


def files_containing(folder: Path, needles: list[bytes], since: float) -> list[Path]:
    """Files under folder changed since `since` whose bytes contain any needle."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if d not in ("proc", "sys")]
        for name in files:
            path = Path(root, name)
            try:
                if path.is_symlink() or path.stat().st_mtime < since:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def test_preview_is_a_small_cacheable_png(client: FlaskClient) -> None:
    response = client.get("/handouts/vertebroplasty/preview.png?locale=es&large_print=1")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    width = int.from_bytes(response.data[16:20], "big")
    assert 480 <= width <= 540  # Letter at about 60 dpi
    assert response.headers["Cache-Control"] == "public, max-age=300" and response.headers["ETag"]


def test_editing_an_input_file_invalidates_the_cache(project: Path) -> None:
    app = create_app({"PROJECT_DIR": project, "PRINT_DATE": PRINT_DATE, "STAT_INTERVAL": 0})
    client = app.test_client()
    first = client.get("/handouts/vertebroplasty.pdf?locale=es")
    client.get("/handouts/vertebroplasty.pdf?locale=es")
    assert cache_of(app).stats().hits == 1 and cache_of(app).stats().misses == 1
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    stat = catalog.stat()
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = client.get("/handouts/vertebroplasty.pdf?locale=es")
    assert cache_of(app).stats().misses == 2 and again.data == first.data


# --- errors -----------------------------------------------------------------------------------

def test_unknown_handout_is_404_html_or_json(client: FlaskClient) -> None:
    html = client.get("/handouts/nonesuch.pdf")
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "Unknown handout" in html.text and "search for the handout" in html.text
    data = client.get("/handouts/nonesuch.pdf", headers=JSON)
    assert data.status_code == 404 and set(data.json) >= {"error", "hint"}
    assert "nonesuch" in data.json["error"]
    assert client.get("/handouts/nonesuch").status_code == 404


def test_unknown_locale_is_404(client: FlaskClient) -> None:
    response = client.get("/handouts/vertebroplasty.pdf?locale=de", headers=JSON)
    assert response.status_code == 404 and "'de'" in response.json["error"]
    assert client.post("/handouts/vertebroplasty.pdf", data={"locale": "xx"}).status_code == 404


def test_unknown_api_path_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json["error"] and "hint" in response.json
    assert client.delete("/api/handouts").status_code == 405


@pytest.mark.parametrize(("data", "field"), [
    ({"procedure_date": "2026-02-30"}, "procedure_date"),
    ({"procedure_date": "03/05/2026"}, "procedure_date"),
    ({"patient_name": "x" * 101}, "patient_name"),
    ({"clinician": "y" * 101}, "clinician"),
    ({"note": "z" * 301}, "note"),
    ({"patient_name": "Ana\nRuiz"}, "patient_name"),
    ({"large_print": "maybe"}, "large_print"),
    ({"paper": "tabloid"}, "paper"),
    ({"locale": "<script>"}, "locale"),
])
def test_invalid_input_is_400_naming_the_field(client: FlaskClient, data: dict[str, str],
                                                field: str) -> None:
    response = client.post("/handouts/vertebroplasty.pdf", data={"locale": "en", **data},
                           headers=JSON)
    assert response.status_code == 400
    assert response.json["field"] == field and f"({field})" in response.json["error"]
    html = client.post("/handouts/vertebroplasty.pdf", data={"locale": "en", **data})
    assert html.status_code == 400 and f"({field})" in html.text


def test_limits_allow_exactly_the_maximum(client: FlaskClient) -> None:
    response = client.post("/handouts/vertebroplasty.pdf", data={
        "patient_name": "N" * 100, "clinician": "C" * 100, "note": "word " * 60})
    assert response.status_code == 200


def test_personal_details_in_a_url_are_refused(client: FlaskClient) -> None:
    response = client.get("/handouts/vertebroplasty.pdf?patient_name=Ana", headers=JSON)
    assert response.status_code == 400 and response.json["field"] == "patient_name"


def test_oversized_request_is_413(client: FlaskClient) -> None:
    response = client.post("/handouts/vertebroplasty.pdf", data={"note": "x" * 100_000})
    assert response.status_code == 413


def test_incomplete_translation_is_409_with_the_gate_message(project: Path) -> None:
    make_incomplete(project, "fr")
    client = create_app({"PROJECT_DIR": project}).test_client()
    response = client.get("/handouts/vertebroplasty.pdf?locale=fr", headers=JSON)
    assert response.status_code == 409
    assert "the fr translation of vertebroplasty is incomplete" in response.json["error"]
    html = client.post("/handouts/vertebroplasty.pdf", data={"locale": "fr"})
    assert html.status_code == 409 and "is incomplete" in html.text


def test_text_no_font_can_draw_is_422(client: FlaskClient) -> None:
    response = client.post("/handouts/vertebroplasty.pdf", headers=JSON,
                           data={"patient_name": "Ana \U00013000"})
    assert response.status_code == 422 and "U+13000" in response.json["error"]


def test_unexpected_error_is_500_and_logged_without_its_message(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        client: FlaskClient) -> None:
    secret = "secret-patient-text"

    def boom(options: object) -> None:
        raise RuntimeError(secret)  # as if a library quoted the text it choked on
    monkeypatch.setattr("handouts.web.renderer.render_pdf", boom)
    response = client.post("/handouts/vertebroplasty.pdf", data={"patient_name": "x"})
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert "RuntimeError" in caplog.text and secret not in caplog.text
    assert secret not in response.text


@pytest.mark.parametrize(("error", "status"), [
    (FieldError("note", "too long"), 400),
    (UsageError("bad"), 400),
    (UnknownHandoutError("x", ["vertebroplasty"]), 404),
    (UnknownLocaleError("xx", ["en"]), 404),
    (IncompleteTranslationError(Completeness("fr", "v", 3), Path("fr.po")), 409),
    (TranslationError("unreadable"), 409),
    (GlyphError("\U00013000", "text", ["NotoSans"]), 422),
    (ContentError("broken", path="t.xml.j2", line=3), 500),
    (BrandError("broken", path="brand.toml"), 500),
    (FontError("cannot load this font", path="fonts/x.ttf"), 500),
    (InternalError("Traceback (message withheld)"), 500),
])
def test_every_package_error_maps_to_one_status(error: HandoutError, status: int) -> None:
    problem = problem_for(error)
    assert problem.status == status and problem.message


# --- rendering in worker processes ------------------------------------------------------------

def test_render_processes_give_the_same_answers(client: FlaskClient) -> None:
    app = create_app({"PRINT_DATE": PRINT_DATE, "RENDER_WORKERS": 1})
    pooled = app.test_client()
    try:
        url = "/handouts/vertebroplasty.pdf?locale=es"
        assert pooled.get(url).data == client.get(url).data
        posted = pooled.post("/handouts/vertebroplasty.pdf", data={"patient_name": "Ana Ruiz"})
        assert "Ana Ruiz" in pdf_text(posted.data)
        glyph = pooled.post("/handouts/vertebroplasty.pdf", data={"patient_name": "\U00013000"})
        assert glyph.status_code == 422  # the error crossed the process boundary mapped
    finally:
        app.extensions["handouts"].renderer.close()


# --- the cache itself -------------------------------------------------------------------------

def test_cache_evicts_least_recently_used_by_count_and_bytes() -> None:
    cache = BlobCache(max_bytes=25, max_entries=2)
    for key in ("a", "b"):
        cache.get_or_make(key, lambda k=key: Blob(k.encode() * 10, "x"))
    cache.get_or_make("a", lambda: pytest.fail("a is cached"))
    cache.get_or_make("c", lambda: Blob(b"c" * 10, "x"))  # evicts b, the least recent
    assert cache.stats().entries == 2 and cache.stats().evictions == 1
    cache.get_or_make("d", lambda: Blob(b"d" * 20, "x"))  # bytes: only d fits with 25
    assert cache.stats().entries == 1 and cache.stats().bytes == 20
    cache.get_or_make("huge", lambda: Blob(b"h" * 100, "x"))  # bigger than the cache: not kept
    assert cache.stats().bytes == 20


def test_cache_renders_a_missing_key_once_for_concurrent_requests() -> None:
    cache = BlobCache(1000, 10)
    calls = []
    gate = threading.Event()

    def slow() -> Blob:
        calls.append(1)
        gate.wait(5)
        return Blob(b"pdf", "application/pdf")

    results: list[Blob] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_make("k", slow)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert len(calls) == 1 and len(results) == 8 and all(r.data == b"pdf" for r in results)



def test_a_broken_handout_is_left_off_the_page_and_named_for_it(project: Path) -> None:
    folder = project / "templates" / "handouts"
    (folder / "badmeta.xml.j2").write_text("{#---\nid = 'nope'\n---#}\n", "utf-8")
    (folder / "badbody.xml.j2").write_text(
        '{#---\nid = "TST-002"\nversion = "1.0"\n---#}\n{% extends "layout/base.xml.j2" %}\n'
        '{% block title %}{{ _("Broken" }}{% endblock %}\n', "utf-8")
    client = create_app({"PROJECT_DIR": project}).test_client()
    html = client.get("/").text
    assert "Vertebroplasty" in html and "All 1 handout." in html
    assert "For IT:" in html and "badmeta.xml.j2" in html and "badbody.xml.j2" in html
    assert [item["name"] for item in client.get("/api/handouts").json] == ["vertebroplasty"]
    assert client.get("/handouts/vertebroplasty.pdf").status_code == 200
