"""Every mistake answered with its status and a message for the desk (docs/http-api.md).

Every test runs against the fixture project (tests/fixture): handouts ``alpha``
(TST-001, version 2.1, pending review) and ``beta`` (TST-002, version 1.0,
reviewed 2026-01-15), in English and Spanish.  Read-only tests use the fixture
itself; tests that edit files use the scratch ``project`` copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from web_support import JSON, json_of, make_app, make_incomplete, pdf_text

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
from handouts.web.problems import problem_for

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
    assert "Available: en (English), es (Spanish)." in json_of(response)["error"]
    assert client.post("/handouts/alpha.pdf", data={"locale": "xx"}).status_code == 404


def test_unknown_api_path_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/nothing")
    body = json_of(response)
    assert response.status_code == 404 and body["error"] and "hint" in body
    assert client.delete("/api/handouts").status_code == 405


@pytest.mark.parametrize(("data", "field"), [
    ({"procedure_date": "2026-02-30"}, "procedure_date"),
    ({"procedure_date": "03/05/2026"}, "procedure_date"),
    ({"procedure_date": "0202-11-23"}, "procedure_date"),  # a browser's half-typed year
    ({"procedure_date": "9999-12-31"}, "procedure_date"),
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


@pytest.mark.parametrize("field", ["patient_name", "clinician", "note"])
def test_a_typed_character_no_font_has_names_the_field_not_the_text(
        client: FlaskClient, field: str) -> None:
    """An integration engine logs error bodies: the 422 names the field and the
    character, never the patient's text, in JSON and on the page."""
    typed = "Rosalind Okonkwo-Vance \U0001F600"
    answer = client.post("/handouts/alpha.pdf", headers=JSON, data={field: typed})
    body = json_of(answer)
    assert answer.status_code == 422 and body["field"] == field and "U+1F600" in body["error"]
    assert "Rosalind" not in answer.text and "Okonkwo" not in answer.text
    page = client.post("/handouts/alpha.pdf", data={field: typed})
    assert page.status_code == 422 and "Okonkwo" not in page.text and "U+1F600" in page.text


def test_a_name_pasted_decomposed_is_still_not_quoted(client: FlaskClient) -> None:
    """Typed Hangul in decomposed jamo (as pasted from macOS) is printed composed: the
    character no font has is U+AC00, found in the field once normalized (review)."""
    answer = client.post("/handouts/alpha.pdf", headers=JSON,
                         data={"patient_name": "\u1100\u1161 Okonkwo"})
    body = json_of(answer)
    assert answer.status_code == 422 and body["field"] == "patient_name"
    assert "Okonkwo" not in answer.text and "U+AC00" in body["error"]


def test_unexpected_error_is_500_and_logged_without_its_message(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        client: FlaskClient) -> None:
    secret = "secret-patient-text"

    def boom(*args: object) -> None:
        raise RuntimeError(secret)  # as if a library quoted the text it choked on
    monkeypatch.setattr("handouts.web.renderer.personalize", boom)  # the copy is cached
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
    (ContentError("broken", path="t.xml.j2", line=3), 409),  # that handout alone
    (BrandError("broken", path="brand.toml"), 503),  # nothing prints until IT fixes it
    (FontError("cannot load this font", path="fonts/x.ttf"), 503),
    (InternalError("Traceback (message withheld)"), 500),
])
def test_every_package_error_maps_to_one_status(error: HandoutError, status: int) -> None:
    problem = problem_for(error)
    assert problem.status == status and problem.message


def test_the_page_date_field_offers_the_years_the_server_accepts(client: FlaskClient) -> None:
    """The browser flags a half-typed year before the form is sent, as the server would."""
    import datetime as dt

    html = client.get("/handouts/alpha").text
    field = html[html.index('id="procedure_date"'):]
    field = field[:field.index(">")]
    assert 'min="1900-01-01"' in field and f'max="{dt.date.today().year + 10}-12-31"' in field


def test_a_program_gets_hints_it_can_act_on_and_the_desk_its_own(client: FlaskClient) -> None:
    """An EHR's 404 said "search for the handout on the front page"; a program is told
    where the list is, the desk's page keeps the desk's words."""
    unknown = client.get("/handouts/nosuch.pdf", headers={"Accept": "application/json"})
    assert unknown.status_code == 404 and "GET /api/handouts" in json_of(unknown)["hint"]
    language = client.get("/handouts/alpha.pdf?locale=de", headers={"Accept": "application/json"})
    assert "GET /api/handouts" in json_of(language)["hint"]
    method = client.put("/handouts/alpha.pdf", headers={"Accept": "application/json"})
    assert method.status_code == 405 and "Allow header" in json_of(method)["hint"]
    page = client.get("/handouts/nosuch")
    assert page.status_code == 404 and "/api/handouts" not in page.text
    from_page = client.post("/handouts/nosuch.pdf", data={"locale": "en"}, headers={
        "Accept": "application/json", "Sec-Fetch-Site": "same-origin"})  # the Print button
    assert "front page" in json_of(from_page)["hint"], "the desk's words, for the desk"
