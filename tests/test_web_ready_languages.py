"""The page and the API offer, per handout, only the languages ready to print.

A library is never fully translated: on a scratch copy of the fixture project,
Spanish is made incomplete for ``alpha`` only (a sentence of alpha's emptied, one
marked fuzzy), so ``beta`` stays printable in Spanish.  Catalogs are edited through
``po_path``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pack_waiting import ALPHA_ONLY, untranslate
from web_support import json_of, make_app

NOT_READY = '<option value="es" disabled>' \
            "Spanish — español (translation incomplete: cannot be printed yet)</option>"
NOTICE = re.compile(r"Spanish is not\s+available for this handout yet:</strong> its "
                    r"translation is not finished\. English is selected\s+instead")


@pytest.fixture
def alpha_incomplete(project: Path) -> Path:
    untranslate(project, "es", blank=ALPHA_ONLY[:1], fuzzy=ALPHA_ONLY[1:])
    return project


def offered(html: str) -> dict[str, bool]:
    """Each option of the language picker: code -> can be picked."""
    select = html[html.index('<select id="locale"'):]
    select = select[:select.index("</select>")]
    return {code: "disabled" not in attrs
            for code, attrs in re.findall(r'<option value="(\w+)"([^>]*)>', select)}


def selected(html: str) -> str:
    found = re.search(r'<option value="(\w+)"[^>]* selected>', html)
    assert found is not None
    return found[1]


def test_api_says_per_handout_and_language_whether_it_is_ready(alpha_incomplete: Path) -> None:
    items = json_of(make_app(alpha_incomplete).test_client().get("/api/handouts"))
    ready = {item["name"]: {loc["code"]: (loc["ready"], loc["complete"])
                            for loc in item["locales"]} for item in items}
    assert ready == {"alpha": {"en": (True, True), "es": (False, False)},
                     "beta": {"en": (True, True), "es": (True, True)}}


def test_each_handout_page_offers_the_languages_ready_for_it(alpha_incomplete: Path) -> None:
    client = make_app(alpha_incomplete).test_client()
    alpha = client.get("/handouts/alpha").text
    assert offered(alpha) == {"en": True, "es": False}
    assert NOT_READY in alpha
    assert '<optgroup label="Not available for this handout yet">' in alpha
    assert "1 of 2 languages\n        ready for this handout" in alpha
    beta = client.get("/handouts/beta").text  # another handout: its own list
    assert offered(beta) == {"en": True, "es": True} and "<optgroup" not in beta
    assert selected(client.get("/handouts/beta?locale=es").text) == "es"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_language_not_ready_is_never_selected_and_the_page_says_why(
        alpha_incomplete: Path, method: str) -> None:
    """Asked for in a link (an EHR's, a bookmark) or by "Update preview": English is
    selected, with a notice, and the preview is English; the PDF itself is refused."""
    client = make_app(alpha_incomplete).test_client()
    if method == "GET":
        html = client.get("/handouts/alpha?locale=es").text
    else:
        html = client.post("/handouts/alpha", data={"locale": "es"}).text
    assert selected(html) == "en" and NOT_READY in html
    assert NOTICE.search(html), html
    assert 'aria-describedby="locale-unavailable locale-help"' in html
    assert 'src="/handouts/alpha/preview.png?locale=en"' in html
    assert client.get("/handouts/alpha.pdf?locale=es").status_code == 409
    assert "not available" not in client.get("/handouts/beta?locale=es").text


def test_search_results_list_ready_languages_and_those_not_yet(alpha_incomplete: Path) -> None:
    html = make_app(alpha_incomplete).test_client().get("/").text
    cards = dict(re.findall(r'href="/handouts/(\w+)".*?<p class="langs">(.*?)</p>', html,
                            flags=re.S))
    text = {name: " ".join(re.sub(r"<[^>]+>", "", body).split()) for name, body in cards.items()}
    assert text == {"alpha": "Languages: English · Not yet available: español",
                    "beta": "Languages: English, español"}


def test_the_page_and_api_name_the_reviewer_of_this_handout_only(project: Path) -> None:
    """A review covers one handout in one language (plus the shared text): the picker
    and the API name who reviewed alpha's Spanish; beta's Spanish stays unreviewed."""
    from handouts.commands.cli import main

    for catalog in ("alpha", "shared"):
        assert main(["i18n", "review", "es", catalog, "--by", "Ana Ruiz, CHI",
                     "--date", "2026-11-02"]) == 0
    client = make_app(project).test_client()
    assert "Spanish — español (translation reviewed by Ana Ruiz, CHI, 2026-11-02)" in \
        client.get("/handouts/alpha").text
    assert "Spanish — español (machine translation, not yet reviewed)" in \
        client.get("/handouts/beta").text
    spanish = {item["name"]: next(loc for loc in item["locales"] if loc["code"] == "es")
               for item in json_of(client.get("/api/handouts"))}
    assert (spanish["alpha"]["status"], spanish["alpha"]["reviewed_by"],
            spanish["alpha"]["reviewed_on"]) == ("reviewed", "Ana Ruiz, CHI", "2026-11-02")
    assert spanish["beta"]["status"] != "reviewed" and spanish["beta"]["reviewed_by"] is None


def test_a_translation_the_gate_refuses_is_not_offered_and_tells_it(project: Path) -> None:
    """A translator dropped a tag pair's closing half: `--list` and the API said Spanish
    was ready, and the desk got a 409. The index runs the checks that need no fonts: the
    language waits, the page says why, and /healthz names the file and line for IT."""
    from babel.messages.pofile import read_po, write_po
    from conftest import po_path

    from handouts.commands.cli import main

    path = po_path(project, "es", "alpha")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog["Rest for <b>two days</b> after the test."].string = \
        "Descanse <b>dos días después de la prueba."
    with path.open("wb") as fh:
        write_po(fh, catalog)
    client = make_app(project).test_client()
    listing = {h["name"]: {loc["code"]: loc for loc in h["locales"]}
               for h in json_of(client.get("/api/handouts"))}
    assert listing["alpha"]["es"]["ready"] is False and listing["alpha"]["es"]["status"] == \
        "broken"
    assert listing["beta"]["es"]["ready"] is True, "the other handout still prints"
    assert offered(client.get("/handouts/alpha?locale=es").text)["es"] is False
    health = json_of(client.get("/healthz"))
    assert health["status"] == "degraded"
    assert any("alpha.po:" in problem and "[es]" in problem for problem in health["problems"])
    assert main(["alpha", "--locale", "es", "--output", str(project / "a.pdf")]) != 0


def test_an_old_translation_left_fuzzy_waits_and_is_not_called_broken(project: Path) -> None:
    """When the English gains a tag, Weblate keeps the old translation marked fuzzy: the
    language is incomplete (the translator's work), not a broken file for IT (review)."""
    from babel.messages.pofile import read_po, write_po
    from conftest import po_path

    path = po_path(project, "es", "alpha")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    entry = catalog["Rest for <b>two days</b> after the test."]
    entry.string, entry.flags = "Descanse dos días después de la prueba.", {"fuzzy"}
    with path.open("wb") as fh:
        write_po(fh, catalog)
    client = make_app(project).test_client()
    alpha = next(h for h in json_of(client.get("/api/handouts")) if h["name"] == "alpha")
    spanish = next(loc for loc in alpha["locales"] if loc["code"] == "es")
    assert spanish["ready"] is False and spanish["status"] != "broken"
    assert json_of(client.get("/healthz"))["problems"] == []


def test_a_draft_previews_past_an_old_fuzzy_translation(project: Path) -> None:
    """A fuzzy entry is never compiled (its English shows, highlighted), so a draft
    preview is not refused for what its old text would print (review)."""
    from babel.messages.pofile import read_po, write_po
    from conftest import flat, page_texts, po_path, render

    from handouts.errors import TranslationError

    path = po_path(project, "es", "alpha")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    entry = catalog["Rest for <b>two days</b> after the test."]
    entry.string, entry.flags = "Descanse <i>dos días</i>.", {"fuzzy"}  # a tag English lacks
    with path.open("wb") as fh:
        write_po(fh, catalog)
    text = flat(" ".join(page_texts(render(locale="es", draft=True, project_dir=project).pdf)))
    assert "Rest for two days after the test." in text and "Descanse" not in text
    with pytest.raises(TranslationError):  # not a draft: still refused, as incomplete
        render(locale="es", project_dir=project)
