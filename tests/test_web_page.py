"""The front-desk page, search and the JSON list (docs/http-api.md), via Flask's test client.

Every test runs against the fixture project (tests/fixture): handouts ``alpha``
(TST-001, version 2.1, pending review) and ``beta`` (TST-002, version 1.0,
reviewed 2026-01-15), in English and Spanish.  Read-only tests use the fixture
itself; tests that edit files use the scratch ``project`` copy.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from web_support import BETA_REVIEW_DUE, json_of, make_app, make_incomplete, result_links

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
    assert ('<option value="en" data-note="English: original text.">English (original text)'
            '</option>') in html
    assert ('<option value="es" data-note="Spanish: machine translation, not yet reviewed." '
            'selected>Spanish — español (machine translation, not yet reviewed)</option>') in html
    # the chosen language's state on a line of its own (a narrow select cuts the label)
    assert '<p id="locale-note" class="help">Spanish: machine translation, not yet ' \
        'reviewed.</p>' in html
    assert 'lang="es"' not in html.split('id="locale"')[1].split("</select>")[0], \
        "an option is mostly English: no lang on it"
    assert 'src="/handouts/alpha/preview.png?locale=es"' in html
    assert "Content-Security-Policy" in response.headers


def test_draft_translation_is_marked_in_the_picker(project: Path) -> None:
    toml = project / "locales" / "es" / "locale.toml"
    text = toml.read_text("utf-8")
    assert 'status = "machine-draft"' in text
    toml.write_text(text.replace('status = "machine-draft"', 'status = "draft"'), "utf-8")
    html = make_app(project).test_client().get("/handouts/TST-001").text
    assert re.search(r'<option value="es" [^>]*>Spanish — español \(translation not yet '
                     r'reviewed\)</option>', html)


def test_incomplete_language_is_disabled_in_the_picker(project: Path) -> None:
    make_incomplete(project, "es")
    html = make_app(project).test_client().get("/handouts/TST-001").text
    assert ('<option value="es" disabled>'
            "Spanish — español (translation incomplete: cannot be printed yet)</option>") in html
    assert re.search(r'<option value="en" [^>]*selected>English \(original text\)</option>',
                     html)


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
    health = json_of(client.get("/healthz"))
    assert health.pop("notices"), "the fixture has no phone numbers (see test_brand_phones.py)"
    assert health == {"status": "ok", "handouts": 2, "problems": []}


# --- JSON list --------------------------------------------------------------------------------

ENGLISH = {"code": "en", "name": "English", "english_name": "English", "status": "source",
           "complete": True, "ready": True, "reviewed_by": None, "reviewed_on": None}
SPANISH = {"code": "es", "name": "español", "english_name": "Spanish",
           "status": "machine-draft", "complete": True, "ready": True, "reviewed_by": None,
           "reviewed_on": None}


def test_api_lists_handouts_with_locales(client: FlaskClient) -> None:
    assert json_of(client.get("/api/handouts")) == [
        {"id": "TST-001", "name": "alpha", "title": "Resting after a test", "version": "2.1",
         "reviewed": False, "review_status": "pending", "reviewed_by": None,
         "review_date": None, "review_overdue": False,
         "keywords": ["alpha", "rest", "test"], "locales": [ENGLISH, SPANISH]},
        {"id": "TST-002", "name": "beta", "title": "Drinking water", "version": "1.0",
         "reviewed": True, "review_status": "reviewed", "reviewed_by": "A. Tester, MD",
         "review_date": "2026-01-15", "review_overdue": False,
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


def test_paper_choices_are_every_size_with_the_brands_preselected(project: Path) -> None:
    html = make_app(project).test_client().get("/handouts/alpha").get_data(as_text=True)
    for key in ("letter", "a4", "legal"):
        assert f'<option value="{key}"' in html
    assert '<option value="letter" selected>' in html  # the fixture's brand prints Letter
    brand = project / "brand" / "brand.toml"
    brand.write_text(brand.read_text("utf-8").replace('paper = "letter"', 'paper = "legal"'),
                     "utf-8")
    html = make_app(project).test_client().get("/handouts/alpha").get_data(as_text=True)
    assert '<option value="legal" selected>Legal (8½ × 14 in)</option>' in html


def test_languages_sort_by_english_name_and_the_picker_has_focus(scripts_project: Path) -> None:
    """Typing "S" at the desk finds Spanish: options read English name first, in order;
    the page opens with the language picker focused (the search has it on the front)."""
    from handouts.web import create_app

    html = create_app({"PROJECT_DIR": scripts_project}).test_client() \
        .get("/handouts/alpha").get_data(as_text=True)
    codes = re.findall(r'<option value="(\w+)"', html.split('id="locale"')[1].split("</select>")[0])
    assert codes == ["ar", "en", "hi", "es"], "Arabic, English, Hindi, Spanish"
    assert re.search(r'<select id="locale"[^>]*autofocus', html)
    assert re.search(r'<option value="es"[^>]*>Spanish — español', html)
