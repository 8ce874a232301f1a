"""PDFs and previews from the web, cached and personal (docs/http-api.md), via Flask's test client.

Every test runs against the fixture project (tests/fixture): handouts ``alpha``
(TST-001, version 2.1, pending review) and ``beta`` (TST-002, version 1.0,
reviewed 2026-01-15), in English and Spanish.  Read-only tests use the fixture
itself; tests that edit files use the scratch ``project`` copy.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from conftest import FIXTURE, po_path
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from web_support import ALPHA_ES, JSON, cache_of, json_of, make_app, pdf_text, result_links

# --- PDFs -------------------------------------------------------------------------------------

def test_public_pdf_is_inline_and_cacheable(app: Flask, client: FlaskClient) -> None:
    response = client.get("/handouts/alpha.pdf?locale=es")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="alpha-es.pdf"'
    assert response.headers["Cache-Control"] == "public, no-cache"  # revalidated every time
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
    english = client.get("/handouts/alpha.pdf?bilingual=1&locale=en")  # nothing beside it
    assert english.headers["Content-Disposition"] == 'inline; filename="alpha-en.pdf"'


def test_personal_pdf_prints_details_literally_and_is_not_stored(
        app: Flask, client: FlaskClient) -> None:
    public = client.get("/handouts/TST-001.pdf?locale=es").data  # cached: what is stamped
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
    assert response.data.startswith(public)  # written onto the cached copy, not laid out


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
    assert response.headers["Cache-Control"] == "public, no-cache" and response.headers["ETag"]
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
    broken = client.get("/handouts/badbody.pdf", headers={"Accept": "application/json"})
    assert broken.status_code == 409  # named, not "unknown": the desk knows to tell IT
    assert "badbody.xml.j2" in json_of(broken)["error"]


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
