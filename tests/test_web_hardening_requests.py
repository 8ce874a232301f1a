"""Issue 12, part 8: what a request must pass before anything is printed (docs/http-api.md,
"Security").

Another site's form is refused (403) while the page's own form and programs without a
browser's headers print; an optional API key for programs (401 without it); an optional
allow-list of host names (400 for others); a POST whose body is not a readable form, or
that puts fields in its address, is refused (415 or 400), never a 200 with a blank
handout.  Against the fixture project (tests/fixture): handouts ``alpha`` and ``beta``.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from web_support import JSON, json_of, make_app, pdf_text
from werkzeug.test import TestResponse

NAME = "Rosa Quintanilla"
FORM = {"locale": "en", "patient_name": NAME}
ROUTES = ("/handouts/alpha.pdf", "/handouts/alpha")  # the PDF, and the page's "Update preview"


def post(client: FlaskClient, path: str = "/handouts/alpha.pdf", **kwargs: Any) -> TestResponse:
    kwargs.setdefault("data", FORM)
    return client.post(path, **kwargs)


def refused(response: TestResponse, status: int) -> dict[str, Any]:
    """The answer is the error (JSON), not a handout."""
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body: dict[str, Any] = json_of(response)
    assert body["status"] == status and body["error"]
    return body


# --- 1. other sites' forms (CSRF) -----------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "http://localhost:8001"},  # another port is another site
    {"Origin": "null"},  # a sandboxed frame or a file
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},
    {"Referer": "https://evil.example/page.html"},
], ids=["origin", "port", "null", "fetch-site", "same-site", "referer"])
@pytest.mark.parametrize("path", ROUTES)
def test_post_from_another_site_is_403_and_prints_nothing(
        client: FlaskClient, headers: dict[str, str], path: str) -> None:
    body = refused(post(client, path, headers={**JSON, **headers}), 403)
    assert "another web site" in body["error"] and NAME not in body["error"]
    html = post(client, path, headers=headers)
    assert html.status_code == 403 and html.mimetype == "text/html"
    assert "sent from another web site" in html.text


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost"},
    {"Origin": "https://LOCALHOST"},  # behind a TLS proxy the server sees http
    {"Sec-Fetch-Site": "same-origin", "Origin": "null"},  # Chromium under no-referrer
    {"Referer": "http://localhost/handouts/alpha?q=rest"},
    {},  # no browser at all: a program such as an EHR
], ids=["origin", "tls-proxy", "fetch-site", "referer", "program"])
def test_post_from_the_page_itself_or_a_program_prints(client: FlaskClient,
                                                        headers: dict[str, str]) -> None:
    response = post(client, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert NAME in pdf_text(response.data)
    assert post(client, "/handouts/alpha", headers=headers).status_code == 200


def test_api_key_is_off_by_default_and_required_of_programs_when_set(
        client: FlaskClient) -> None:
    assert post(client).status_code == 200  # default: no key
    keyed = make_app(API_KEY="s3cret-key").test_client()
    response = post(keyed, headers=JSON)
    assert "Bearer, a space and the key" in refused(response, 401)["error"]
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="handouts"'
    wrong = refused(post(keyed, headers={**JSON, "Authorization": "Bearer wrong"}), 401)
    assert "does not match" in wrong["error"]  # not "send the header": it was sent
    refused(post(keyed, headers={**JSON, "Authorization": "Basic s3cret-key"}), 401)
    good = post(keyed, headers={"Authorization": "Bearer s3cret-key"})
    assert good.status_code == 200 and NAME in pdf_text(good.data)
    assert post(keyed, headers={"Origin": "http://localhost"}).status_code == 200  # the page
    assert keyed.get("/handouts/alpha.pdf").status_code == 200  # GETs stay open


def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_API_KEY", "from-env")
    keyed = make_app().test_client()
    refused(post(keyed, headers=JSON), 401)
    assert post(keyed, headers={"Authorization": "Bearer from-env"}).status_code == 200


# --- 2. host names --------------------------------------------------------------------------

def test_any_host_is_served_by_default(client: FlaskClient) -> None:
    assert client.get("/", headers={"Host": "whatever.example:8000"}).status_code == 200


@pytest.mark.parametrize("allowed", ["handouts.example.org, localhost",
                                     ["Handouts.Example.org", "localhost:8000"]])
def test_allowed_hosts_refuse_other_host_names(allowed: object) -> None:
    client = make_app(ALLOWED_HOSTS=allowed).test_client()
    for host in ("handouts.example.org", "HANDOUTS.example.org:8000", "localhost"):
        assert client.get("/api/handouts", headers={"Host": host}).status_code == 200, host
    for path in ("/", "/handouts/alpha.pdf", "/api/handouts", "/healthz"):
        body = refused(client.get(path, headers={**JSON, "Host": "rebound.evil.example"}), 400)
        assert "Host" in body["error"]
    refused(post(client, headers={**JSON, "Host": "evil.example"}), 400)


def test_allowed_hosts_from_the_environment_with_subdomains(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_ALLOWED_HOSTS", ".hospital.example")
    client = make_app().test_client()
    assert client.get("/api/handouts", headers={"Host": "desk.hospital.example"}).status_code \
        == 200
    refused(client.get("/api/handouts", headers={"Host": "hospital.example.evil"}), 400)


# --- 4. bodies that are not forms, fields in the address ------------------------------------

@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": FORM}, 415),
    ({"data": f"patient_name={NAME}", "content_type": "text/plain"}, 415),
    ({"data": None}, 415),  # no body and no Content-Type
    ({"data": "patient_name=Rosa", "content_type": "multipart/form-data"}, 400),  # no boundary
    ({"data": "not a multipart body", "content_type": "multipart/form-data; boundary=xyz"},
     400),
    ({"data": b"patient_name=Ros\xe1", "content_type": "application/x-www-form-urlencoded"},
     400),  # Latin-1, not UTF-8
], ids=["json", "text-plain", "no-type", "no-boundary", "bad-multipart", "not-utf8"])
@pytest.mark.parametrize("path", ROUTES)
def test_a_body_that_is_not_a_readable_form_is_refused(
        client: FlaskClient, kwargs: dict[str, Any], status: int, path: str) -> None:
    response = client.post(path, headers=JSON, **kwargs)
    body = refused(response, status)
    assert "form" in body["error"]
    html = client.post(path, **kwargs)
    assert html.status_code == status and html.mimetype == "text/html"


def test_a_well_formed_multipart_form_prints(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha.pdf", data=FORM, content_type="multipart/form-data")
    assert response.status_code == 200 and NAME in pdf_text(response.data)


@pytest.mark.parametrize("field", ["patient_name", "clinician", "procedure_date", "note",
                                   "locale"])
@pytest.mark.parametrize("path", ROUTES)
def test_form_fields_in_a_posts_address_are_refused(client: FlaskClient, field: str,
                                                    path: str) -> None:
    value = "2026-03-05" if field == "procedure_date" else "es" if field == "locale" else NAME
    body = refused(client.post(path, query_string={field: value}, data={"locale": "en"},
                               headers=JSON), 400)
    assert body["field"] == field and "address" in body["error"]


def test_the_search_may_travel_in_the_update_preview_address(client: FlaskClient) -> None:
    response = client.post("/handouts/alpha?q=rest", data=FORM)
    assert response.status_code == 200 and 'href="/?q=rest"' in response.text


@pytest.mark.parametrize(("data", "field"), [
    ({"name": NAME}, "name"),  # a misspelt field must not print a blank line silently
    ({"patient_name": [NAME, "Other"]}, "patient_name"),
    ({"locale": ["en", "es"]}, "locale"),
], ids=["unknown", "twice", "choice-twice"])
def test_unknown_or_repeated_fields_are_refused(client: FlaskClient, data: dict[str, Any],
                                                field: str) -> None:
    assert refused(post(client, data=data, headers=JSON), 400)["field"] == field


def test_a_field_sent_as_a_file_is_refused(client: FlaskClient) -> None:
    data = {"locale": "en", "patient_name": (io.BytesIO(NAME.encode()), "name.txt")}
    body = refused(post(client, data=data, headers=JSON), 400)
    assert body["field"] == "patient_name" and "file" in body["error"]


@pytest.mark.parametrize("query", [
    "lang=es", "language=es", "large-print=1", "largeprint=1", "locale=es&locale=fr",
], ids=["lang", "language", "large-print", "largeprint", "twice"])
@pytest.mark.parametrize("path", ["/handouts/alpha.pdf", "/handouts/alpha/preview.png",
                                  "/handouts/alpha"])
def test_a_misspelt_or_repeated_address_parameter_is_refused(client: FlaskClient, path: str,
                                                            query: str) -> None:
    """An EHR asking for `?lang=es` got the English copy with 200: the patient would
    get a handout they cannot read. It is a 400 naming the parameter and the known ones."""
    body = refused(client.get(f"{path}?{query}", headers=JSON), 400)
    name = query.split("=")[0]
    assert body["field"] == name
    assert repr(name) in body["error"] or "more than once" in body["error"]
    assert "locale" in body["error"] + body.get("hint", "")


@pytest.mark.parametrize(("method", "address", "data"), [
    ("GET", "/handouts/alpha.pdf?Rosa%20Quintanilla=1", None),
    ("GET", "/handouts/alpha.pdf?Quintanilla", None),
    ("POST", "/handouts/alpha.pdf", "patient_name=Rosa&Quintanilla"),  # & not encoded
    ("POST", "/handouts/alpha.pdf", "locale=Quintanilla%20Rosa"),
    ("POST", "/handouts/alpha.pdf", "large_print=Rosa%20Quintanilla"),
], ids=["name-as-parameter", "word-as-parameter", "unencoded-ampersand", "locale", "flag"])
def test_a_patients_detail_in_the_wrong_place_is_never_quoted(
        client: FlaskClient, method: str, address: str, data: str | None) -> None:
    """Integration engines log error bodies: a name that landed in a field name or a
    choice field (an unencoded &) is refused without being quoted (review)."""
    answer = client.open(address, method=method, data=data, headers={
        **JSON, "Content-Type": "application/x-www-form-urlencoded"})
    body = refused(answer, 400)
    assert "Quintanilla" not in json.dumps(body) and "Rosa" not in json.dumps(body)


def test_a_desks_printer_bookmark_and_a_cache_buster_are_accepted(client: FlaskClient) -> None:
    """docs/printing.md: IT opens any page with ?printer=QUEUE once on a desk; a program
    may add jQuery's ?_=<time>. Neither changes what prints."""
    assert client.get("/handouts/alpha?printer=desk2").status_code == 200
    assert client.get("/?printer=desk2").status_code == 200
    assert client.get("/handouts/alpha.pdf?locale=es&_=1733550000").status_code == 200
    assert client.get("/api/handouts?_=1&q=rest").status_code == 200


def test_the_known_address_parameters_still_work(client: FlaskClient) -> None:
    ok = client.get("/handouts/alpha.pdf?locale=es&large_print=1&bilingual=1&paper=a4")
    assert ok.status_code == 200 and ok.mimetype == "application/pdf"
    assert client.get("/handouts/alpha?q=rest&locale=es").status_code == 200
    assert client.get("/api/handouts?q=rest").status_code == 200
    assert refused(client.get("/api/handouts?query=rest", headers=JSON), 400)["field"] == \
        "query"
