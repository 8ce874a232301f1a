"""Issue 13: search a front desk can use, on the fixture project via Flask's test client.

Titles and subtitles are searched in every language with a finished translation
(the fixture's Spanish ``es``: alpha is "Descansar después de una prueba"), a typo
in a long word is forgiven, a short word matches only the start of a word, and a
search that finds nothing offers the closest titles as links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import po_path
from flask.testing import FlaskClient
from web_support import json_of, make_app, result_links


def results_part(html: str) -> str:
    """The search results section only (the suggestions are in it, the form is not)."""
    start = html.index('id="results"')
    return html[start:html.index("</section>", start)]


def suggested(html: str) -> list[str]:
    """The handouts the "Did you mean" line links to, in order."""
    found = re.search(r"Did you mean(.*?)</span>", results_part(html), re.S)
    return re.findall(r'href="/handouts/(\w+)"', found.group(1)) if found else []


@pytest.mark.parametrize(("query", "found"), [
    ("descansar", ["alpha"]),  # alpha's Spanish title
    ("PRUEBA", ["alpha"]),  # any word of it, in any case
    ("qué hacer", ["alpha"]),  # alpha's Spanish subtitle
    ("guia breve", ["beta"]),  # beta's Spanish subtitle, without the accent
    ("beber", ["beta"]),
])
def test_a_spanish_title_word_finds_the_handout(client: FlaskClient, query: str,
                                                found: list[str]) -> None:
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert result_links(html) == found
    assert [item["name"] for item in json_of(client.get("/api/handouts",
                                                        query_string={"q": query}))] == found


@pytest.mark.parametrize(("query", "found"), [
    ("drinkng", ["beta"]),  # a letter left out
    ("restimg", ["alpha"]),  # a letter wrong
    ("drinkingg", ["beta"]),  # a letter too many
    ("descansr", ["alpha"]),  # in Spanish too
])
def test_a_one_letter_typo_in_a_title_word_finds_the_handout(
        client: FlaskClient, query: str, found: list[str]) -> None:
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert result_links(html) == found


def test_an_unrelated_word_finds_nothing_and_suggests_the_closest_title(
        client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": "restorative"}).get_data(as_text=True)
    part = results_part(html)
    assert "No handout matches “restorative”." in part
    assert '<li class="card">' not in part  # no result, only the suggestion
    links = suggested(html)
    assert links[0] == "alpha" and len(links) <= 3  # "Resting after a test" comes closest
    assert '<a href="/handouts/alpha">Resting after a test</a>' in part
    page = client.get(f"/handouts/{links[0]}")  # the link opens the handout's print page
    assert page.status_code == 200 and "<h1>Resting after a test</h1>" in page.get_data(True)


def test_nonsense_finds_nothing_and_suggests_nothing(client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": "zzzzqq"}).get_data(as_text=True)
    assert "No handout matches “zzzzqq”." in html
    assert "Did you mean" not in html and suggested(html) == []


@pytest.mark.parametrize("query", ["ate", "ink", "uid", "watr"])
def test_a_short_word_does_not_over_match(client: FlaskClient, query: str) -> None:
    """"ate" is inside "water", "ink" inside "drinking", "uid" inside "guide": a word under
    five letters must start a word, and a typo in it ("watr") is not forgiven."""
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert "No handout matches" in html
    assert '<li class="card">' not in results_part(html)


def test_a_long_word_still_matches_inside_a_word(client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": "sting"}).get_data(as_text=True)
    assert result_links(html) == ["alpha"]  # "resting", as "vertebro"-style searches did


def test_a_short_word_still_matches_the_start_of_words(client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": "rest"}).get_data(as_text=True)
    assert result_links(html) == ["alpha"]  # "rest", "resting"; not beta at all
    html = client.get("/", query_string={"q": "dri"}).get_data(as_text=True)
    assert result_links(html) == ["beta"]


@pytest.mark.parametrize("damage", ["header", "bytes"])
def test_a_broken_spanish_catalog_does_not_break_search(project: Path, damage: str) -> None:
    path = po_path(project, "es")
    text = path.read_text("utf-8")
    if damage == "header":  # gettext cannot parse the Plural-Forms line
        assert "plural=(n != 1);" in text
        path.write_text(text.replace("plural=(n != 1);", "plural=(n != 1;"), "utf-8")
    else:  # not a text file at all
        path.write_bytes(b"\xff\xfe\x00garbage" + text.encode("utf-16-le"))
    client = make_app(project).test_client()
    response = client.get("/", query_string={"q": "resting"})
    assert response.status_code == 200
    assert result_links(response.get_data(as_text=True)) == ["alpha"]  # English still found
    html = client.get("/", query_string={"q": "descansar"}).get_data(as_text=True)
    assert '<li class="card">' not in results_part(html)  # Spanish titles are gone
    health = json_of(client.get("/healthz"))
    assert health["status"] == "degraded" and health["handouts"] == 2


def test_a_fuzzy_translation_is_not_searched(project: Path) -> None:
    path = po_path(project, "es")
    text = path.read_text("utf-8")
    marked = text.replace('msgid "Resting after a test"', '#, fuzzy\nmsgid "Resting after a test"')
    assert marked != text
    path.write_text(marked, "utf-8")
    client = make_app(project).test_client()
    html = client.get("/", query_string={"q": "descansar"}).get_data(as_text=True)
    assert '<li class="card">' not in results_part(html)
    html = client.get("/", query_string={"q": "casa"}).get_data(as_text=True)
    assert result_links(html) == ["alpha"]  # the subtitle's translation is still finished


@pytest.mark.parametrize("query", ["Spanish", "ESPAÑOL", "espanol"])
def test_a_language_name_lists_the_handouts_ready_in_it(client: FlaskClient,
                                                        query: str) -> None:
    """Staff type "Spanish" for a Spanish handout: the handouts ready in Spanish, each
    link opening with Spanish picked, not "No handout matches" and three guesses."""
    html = client.get("/", query_string={"q": query}).text
    part = results_part(html)
    assert "No handout matches" not in part and not suggested(html)
    assert "2 handouts are ready in Spanish" in part
    links = re.findall(r'href="(/handouts/\w+[^"]*)"', part)
    assert len(links) == 2 and all("locale=es" in link for link in links), links
    page = client.get(links[0].replace("&amp;", "&")).text
    assert re.search(r'<option value="es"[^>]*selected', page), "Spanish is picked"
