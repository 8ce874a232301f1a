"""The front-desk web page and its HTTP contract (docs/http-api.md), via Flask's test client.

Every test runs against the fixture project (tests/fixture): handouts ``alpha``
(TST-001, version 2.1, pending review) and ``beta`` (TST-002, version 1.0,
reviewed 2026-01-15), in English and Spanish.  Read-only tests use the fixture
itself; tests that edit files use the scratch ``project`` copy.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, PRINT_DATE, flat, page_texts, po_path
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.test import TestResponse

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
from handouts.web import create_app
from handouts.web.cache import Blob, BlobCache
from handouts.web.problems import problem_for

JSON = {"Accept": "application/json"}
ALPHA_ES = "Descanse dos días después de la prueba."  # a sentence of alpha's body, in Spanish
BETA_REVIEW_DUE = dt.date(2028, 1, 15)  # beta's review (2026-01-15) plus 730 days


def make_app(project: Path = FIXTURE, **config: Any) -> Flask:
    """The app over a project, with the fixed print date (never today's)."""
    return create_app({"PROJECT_DIR": project, "PRINT_DATE": PRINT_DATE, **config})


def make_incomplete(project: Path, locale: str) -> None:
    """Replace a catalog with one that translates nothing."""
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Language: {locale}\\n"\n')
    po_path(project, locale).write_text(header, "utf-8")


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of white space as one space (fields wrap)."""
    return flat(" ".join(page_texts(data)))


def result_links(html: str) -> list[str]:
    """The handouts the search page links to, in order."""
    return re.findall(r'href="/handouts/(\w+)[?"]', html)


def json_of(response: TestResponse) -> Any:
    """The JSON body (an answer that is not JSON fails the test)."""
    data = response.get_json()
    assert data is not None, response.mimetype
    return data


def cache_of(app: Flask) -> BlobCache:
    cache: BlobCache = app.extensions["handouts"].renderer.cache
    return cache


@pytest.fixture(scope="module")
def app() -> Flask:
    return make_app(ACCESS_LOG=True)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- the page -------------------------------------------------------------------------------

def test_search_page_lists_handouts_with_id_version_and_review(client: FlaskClient) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert result_links(html) == ["alpha", "beta"] and "All 2 handouts." in html
    assert "Resting after a test" in html and "Drinking water" in html
    assert '<span class="id">TST-001</span> · Version 2.1 · ' \
           '<strong class="flag">Pending clinical review</strong>' in html
    assert '<span class="id">TST-002</span> · Version 1.0 · ' \
           "Clinical review: January 15, 2026" in html
    assert '<label for="q">' in html and 'role="search"' in html
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(("query", "found"), [
    ("resting", ["alpha"]),  # a word of the title
    ("Drinking Water", ["beta"]),  # every word, in any case
    ("water", ["beta"]),  # a keyword (and the title)
    ("rest", ["alpha"]),
    ("tst-001", ["alpha"]),  # the ID
    ("TST", ["alpha", "beta"]),
    ("beta", ["beta"]),  # the name
    ("RÉSTÌNG", ["alpha"]),  # accents and case are ignored
    ("tst water", ["beta"]),  # every word must match
])
def test_search_finds_by_title_keyword_or_id(client: FlaskClient, query: str,
                                             found: list[str]) -> None:
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert result_links(html) == found


def test_search_without_match_says_so(client: FlaskClient) -> None:
    html = client.get("/?q=zzzzqq").get_data(as_text=True)
    assert "No handout matches" in html and result_links(html) == []


def test_handout_page_has_labelled_form_and_languages(client: FlaskClient) -> None:
    response = client.get("/handouts/TST-001?locale=es")
    html = response.get_data(as_text=True)
    assert "<h1>Resting after a test</h1>" in html
    for field in ("locale", "large_print", "bilingual", "paper", "patient_name", "clinician",
                  "procedure_date", "note"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'type="date"' in html and 'target="_blank"' in html and 'method="post"' in html
    assert '<option value="en" lang="en">English (original text)</option>' in html
    assert ('<option value="es" lang="es" selected>'
            "español — Spanish (machine translation, not yet reviewed)</option>") in html
    assert 'src="/handouts/alpha/preview.png?locale=es"' in html
    assert "Content-Security-Policy" in response.headers


def test_draft_translation_is_marked_in_the_picker(project: Path) -> None:
    toml = project / "locales" / "es" / "locale.toml"
    text = toml.read_text("utf-8")
    assert 'status = "machine-draft"' in text
    toml.write_text(text.replace('status = "machine-draft"', 'status = "draft"'), "utf-8")
    html = make_app(project).test_client().get("/handouts/TST-001").text
    assert ('<option value="es" lang="es">'
            "español — Spanish (translation not yet reviewed)</option>") in html


def test_incomplete_language_is_disabled_in_the_picker(project: Path) -> None:
    make_incomplete(project, "es")
    html = make_app(project).test_client().get("/handouts/TST-001").text
    assert ('<option value="es" lang="es" disabled>'
            "español — Spanish (translation incomplete: cannot be printed yet)</option>") in html
    assert '<option value="en" lang="en" selected>English (original text)</option>' in html


def test_update_preview_post_redisplays_without_storing(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha", data={
        "locale": "es", "large_print": "1", "patient_name": "Ana <Ruiz>"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'value="Ana &lt;Ruiz&gt;"' in response.text
    assert "/handouts/alpha/preview.png?locale=es&amp;large_print=1" in response.text


def test_static_files_and_health(client: FlaskClient) -> None:
    for name in ("style.css", "app.js"):
        with client.get(f"/static/{name}") as response:  # files must be closed
            assert response.status_code == 200
    assert json_of(client.get("/healthz")) == {"status": "ok", "handouts": 2}


# --- JSON list --------------------------------------------------------------------------------

ENGLISH = {"code": "en", "name": "English", "english_name": "English", "status": "source",
           "complete": True}
SPANISH = {"code": "es", "name": "español", "english_name": "Spanish",
           "status": "machine-draft", "complete": True}


def test_api_lists_handouts_with_locales(client: FlaskClient) -> None:
    assert json_of(client.get("/api/handouts")) == [
        {"id": "TST-001", "name": "alpha", "title": "Resting after a test", "version": "2.1",
         "reviewed": False, "review_date": None, "review_overdue": False,
         "keywords": ["alpha", "rest", "test"], "locales": [ENGLISH, SPANISH]},
        {"id": "TST-002", "name": "beta", "title": "Drinking water", "version": "1.0",
         "reviewed": True, "review_date": "2026-01-15", "review_overdue": False,
         "keywords": ["beta", "water"], "locales": [ENGLISH, SPANISH]},
    ]
    assert [item["name"] for item in json_of(client.get("/api/handouts?q=water"))] == ["beta"]
    assert json_of(client.get("/api/handouts?q=zzzz")) == []


@pytest.mark.parametrize(("today", "overdue"), [
    (BETA_REVIEW_DUE, False), (BETA_REVIEW_DUE + dt.timedelta(days=1), True)])
def test_api_reports_overdue_reviews(today: dt.date, overdue: bool) -> None:
    items = json_of(make_app(PRINT_DATE=today).test_client().get("/api/handouts"))
    assert {item["name"]: item["review_overdue"] for item in items} == {
        "alpha": False, "beta": overdue}  # alpha has no review to be overdue


def test_api_reports_incomplete_languages(project: Path) -> None:
    make_incomplete(project, "es")
    items = json_of(make_app(project).test_client().get("/api/handouts"))
    for item in items:
        assert {loc["code"]: loc["complete"] for loc in item["locales"]} == {
            "en": True, "es": False}


# --- PDFs -------------------------------------------------------------------------------------

def test_public_pdf_is_inline_and_cacheable(app: Flask, client: FlaskClient) -> None:
    response = client.get("/handouts/alpha.pdf?locale=es")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="alpha-es.pdf"'
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    text = pdf_text(response.data)
    assert ALPHA_ES in text and "Impreso: 23 de noviembre de 2026" in text
    hits = cache_of(app).stats().hits
    again = client.get("/handouts/TST-001.pdf?locale=es-MX")  # by ID; es-MX means es
    assert again.data == response.data and cache_of(app).stats().hits == hits + 1
    assert client.get("/handouts/alpha.pdf?locale=es",
                      headers={"If-None-Match": etag}).status_code == 304
    other = client.get("/handouts/beta.pdf?locale=es")
    assert other.headers["ETag"] != etag and "Beber agua" in pdf_text(other.data)


def test_large_print_and_paper_options_reach_the_pipeline(client: FlaskClient) -> None:
    normal = PdfReader(io.BytesIO(client.get("/handouts/alpha.pdf").data))
    large = PdfReader(io.BytesIO(client.get("/handouts/alpha.pdf?large_print=1&paper=a4").data))
    assert len(normal.pages) == 1 and len(large.pages) == 2
    assert round(float(large.pages[0].mediabox.width)) == 595  # A4
    assert round(float(normal.pages[0].mediabox.width)) == 612  # Letter (the brand's)
    both = client.get("/handouts/alpha.pdf?bilingual=1&locale=es")
    assert both.headers["Content-Disposition"] == 'inline; filename="alpha-es-bilingual.pdf"'
    text = pdf_text(both.data)
    assert ALPHA_ES in text and "Rest for two days after the test." in text


def test_personal_pdf_prints_details_literally_and_is_not_stored(
        app: Flask, client: FlaskClient) -> None:
    entries = cache_of(app).stats().entries
    response = client.post("/handouts/TST-001.pdf", data={
        "locale": "es", "patient_name": "<b>Zoë</b> & Co", "clinician": "Dr. A&B <i>",
        "procedure_date": "2026-03-05", "note": "Bring <img src=x> & list"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    text = pdf_text(response.data)
    for typed in ("<b>Zoë</b> & Co", "Dr. A&B <i>", "Bring <img src=x> & list"):
        assert typed in text
    assert "5 de marzo de 2026" in text  # the locale's long date, month in words
    assert ALPHA_ES in text
    assert cache_of(app).stats().entries == entries  # personal PDFs are never cached


def test_personal_details_reach_no_disk_and_no_log(
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
        client: FlaskClient) -> None:
    caplog.set_level(logging.DEBUG)
    name = f"Qyzzelwort {uuid.uuid4().hex[:10]}"
    started = time.time() - 1
    response = client.post("/handouts/alpha.pdf", data={
        "locale": "es", "patient_name": name, "note": name})
    assert response.status_code == 200 and name in pdf_text(response.data)
    assert name not in caplog.text
    captured = capsys.readouterr()
    assert name not in captured.out + captured.err
    assert "POST /handouts/alpha.pdf 200" in caplog.text  # the access log ran
    needles = [name.encode(enc) for enc in ("utf-8", "utf-16-be", "utf-16-le")]
    for folder in {FIXTURE, Path(tempfile.gettempdir())}:
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


def test_preview_is_a_small_cacheable_png(app: Flask, client: FlaskClient) -> None:
    url = "/handouts/alpha/preview.png?locale=es&large_print=1"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    width = int.from_bytes(response.data[16:20], "big")
    assert 480 <= width <= 540  # Letter at about 60 dpi
    assert response.headers["Cache-Control"] == "public, max-age=300" and response.headers["ETag"]
    hits = cache_of(app).stats().hits
    assert client.get(url).data == response.data and cache_of(app).stats().hits == hits + 1


def test_editing_an_input_file_invalidates_the_cache(project: Path) -> None:
    app = make_app(project, STAT_INTERVAL=0)
    client = app.test_client()
    url = "/handouts/alpha.pdf?locale=es"
    first = client.get(url)
    assert client.get(url).data == first.data
    assert cache_of(app).stats().hits == 1 and cache_of(app).stats().misses == 1

    catalog = po_path(project, "es")
    stat = catalog.stat()  # touched only: rendered again, to the same bytes
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = client.get(url)
    assert cache_of(app).stats().misses == 2 and again.data == first.data

    text = catalog.read_text("utf-8")  # a translator's edit shows on the next request
    catalog.write_text(text.replace("Descanse <b>dos días</b>", "Descanse <b>tres días</b>"),
                       "utf-8")
    edited = client.get(url)
    assert cache_of(app).stats().misses == 3
    assert "Descanse tres días después de la prueba." in pdf_text(edited.data)
    assert edited.headers["ETag"] != first.headers["ETag"]


def test_a_broken_handout_is_left_off_the_page_and_named_for_it(project: Path) -> None:
    folder = project / "templates" / "handouts"
    (folder / "badmeta.xml.j2").write_text("{#---\nid = 'nope'\n---#}\n", "utf-8")
    (folder / "badbody.xml.j2").write_text(
        '{#---\nid = "TST-999"\nversion = "1.0"\n---#}\n{% extends "layout/base.xml.j2" %}\n'
        '{% block title %}{{ _("Broken" }}{% endblock %}\n', "utf-8")
    client = make_app(project).test_client()
    html = client.get("/").text
    assert result_links(html) == ["alpha", "beta"] and "All 2 handouts." in html
    assert "For IT:" in html and "badmeta.xml.j2" in html and "badbody.xml.j2" in html
    assert [item["name"] for item in json_of(client.get("/api/handouts"))] == ["alpha", "beta"]
    assert client.get("/handouts/alpha.pdf").status_code == 200
    assert client.get("/handouts/badbody.pdf").status_code == 404


# --- errors -----------------------------------------------------------------------------------

def test_unknown_handout_is_404_html_or_json(client: FlaskClient) -> None:
    html = client.get("/handouts/nonesuch.pdf")
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "Unknown handout" in html.text and "search for the handout" in html.text
    data = client.get("/handouts/nonesuch.pdf", headers=JSON)
    assert data.status_code == 404 and set(json_of(data)) >= {"error", "hint"}
    assert "nonesuch" in json_of(data)["error"] and "alpha, beta" in json_of(data)["error"]
    assert client.get("/handouts/nonesuch").status_code == 404


def test_unknown_locale_is_404(client: FlaskClient) -> None:
    response = client.get("/handouts/alpha.pdf?locale=de", headers=JSON)
    assert response.status_code == 404 and "'de'" in json_of(response)["error"]
    assert "Available: en, es." in json_of(response)["error"]
    assert client.post("/handouts/alpha.pdf", data={"locale": "xx"}).status_code == 404


def test_unknown_api_path_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/nothing")
    body = json_of(response)
    assert response.status_code == 404 and body["error"] and "hint" in body
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
    response = client.post("/handouts/alpha.pdf", data={"locale": "en", **data}, headers=JSON)
    assert response.status_code == 400
    assert json_of(response)["field"] == field and f"({field})" in json_of(response)["error"]
    html = client.post("/handouts/alpha.pdf", data={"locale": "en", **data})
    assert html.status_code == 400 and f"({field})" in html.text


def test_limits_allow_exactly_the_maximum(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha.pdf", data={
        "patient_name": "N" * 100, "clinician": "C" * 100, "note": "word " * 60})
    assert response.status_code == 200
    printed = pdf_text(response.data).replace(" ", "")  # a long word wraps
    assert "N" * 100 in printed and "C" * 100 in printed


def test_personal_details_in_a_url_are_refused(client: FlaskClient) -> None:
    response = client.get("/handouts/alpha.pdf?patient_name=Ana", headers=JSON)
    assert response.status_code == 400 and json_of(response)["field"] == "patient_name"


def test_oversized_request_is_413(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha.pdf", data={"note": "x" * 100_000})
    assert response.status_code == 413


def test_incomplete_translation_is_409_with_the_gate_message(project: Path) -> None:
    make_incomplete(project, "es")
    client = make_app(project).test_client()
    response = client.get("/handouts/alpha.pdf?locale=es", headers=JSON)
    assert response.status_code == 409
    assert "the es translation of alpha is incomplete" in json_of(response)["error"]
    html = client.post("/handouts/alpha.pdf", data={"locale": "es"})
    assert html.status_code == 409 and "is incomplete" in html.text
    assert client.get("/handouts/alpha.pdf?locale=en").status_code == 200


def test_text_no_font_can_draw_is_422(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha.pdf", headers=JSON,
                           data={"patient_name": "Ana \U00013000"})
    assert response.status_code == 422 and "U+13000" in json_of(response)["error"]


def test_unexpected_error_is_500_and_logged_without_its_message(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        client: FlaskClient) -> None:
    secret = "secret-patient-text"

    def boom(options: object) -> None:
        raise RuntimeError(secret)  # as if a library quoted the text it choked on
    monkeypatch.setattr("handouts.web.renderer.render_pdf", boom)
    response = client.post("/handouts/alpha.pdf", data={"patient_name": "x"})
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert "RuntimeError" in caplog.text and secret not in caplog.text
    assert secret not in response.text


@pytest.mark.parametrize(("error", "status"), [
    (FieldError("note", "too long"), 400),
    (UsageError("bad"), 400),
    (UnknownHandoutError("x", ["alpha", "beta"]), 404),
    (UnknownLocaleError("xx", ["en", "es"]), 404),
    (IncompleteTranslationError(Completeness("es", "alpha", 3), Path("es.po")), 409),
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
    app = make_app(RENDER_WORKERS=1)
    pooled = app.test_client()
    try:
        url = "/handouts/alpha.pdf?locale=es"
        assert pooled.get(url).data == client.get(url).data
        posted = pooled.post("/handouts/alpha.pdf", data={"patient_name": "Ana Ruiz"})
        assert "Ana Ruiz" in pdf_text(posted.data)
        glyph = pooled.post("/handouts/alpha.pdf", headers=JSON,
                            data={"patient_name": "\U00013000"})
        assert glyph.status_code == 422  # the error crossed the process boundary mapped
        assert "U+13000" in json_of(glyph)["error"]
    finally:
        app.extensions["handouts"].renderer.close()


# --- the cache itself -------------------------------------------------------------------------

def test_cache_evicts_least_recently_used_by_count_and_bytes() -> None:
    cache = BlobCache(max_bytes=25, max_entries=2)
    for key in ("a", "b"):
        cache.get_or_make(key, lambda k=key: Blob(k.encode() * 10, "x"))  # type: ignore[misc]
    cache.get_or_make("a", lambda: pytest.fail("a is cached"))
    cache.get_or_make("c", lambda: Blob(b"c" * 10, "x"))  # evicts b, the least recent
    assert cache.stats().entries == 2 and cache.stats().evictions == 1
    cache.get_or_make("d", lambda: Blob(b"d" * 20, "x"))  # bytes: only d fits with 25
    assert cache.stats().entries == 1 and cache.stats().bytes == 20
    cache.get_or_make("huge", lambda: Blob(b"h" * 100, "x"))  # bigger than the cache: not kept
    assert cache.stats().bytes == 20


def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Whether condition() holds within timeout seconds (re-checked as other threads run)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        os.sched_yield()  # lets the other threads run; no fixed pause
    return True


def test_cache_renders_a_missing_key_once_for_concurrent_requests() -> None:
    cache = BlobCache(1000, 10)
    requests = 8
    calls: list[str] = []
    release = threading.Event()

    def render() -> Blob:  # what every request would do on its own
        calls.append(threading.current_thread().name)
        assert release.wait(10), "the test never released the render"
        return Blob(b"pdf", "application/pdf")

    results: list[Blob] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            results.append(cache.get_or_make("k", render))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=request, daemon=True) for _ in range(requests)]
    try:
        for thread in threads:
            thread.start()
        # Every request has missed the cache while the first render is still running:
        # without single flight each of them is now inside render() too.
        assert eventually(lambda: cache.stats().misses == requests), cache.stats()
    finally:
        release.set()
        deadline = time.monotonic() + 10  # for all of them together: a hang fails in 10 s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads) and errors == []
    assert len(calls) == 1 and len(results) == requests
    assert all(result is results[0] for result in results)
    assert cache.stats().hits == 0 and cache.stats().entries == 1
    assert cache.get_or_make("k", lambda: pytest.fail("k is cached")) is results[0]
