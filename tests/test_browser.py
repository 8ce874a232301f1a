"""The front-desk flow in a real Chromium (Debian's), driven by Playwright, against waitress.

Against the fixture project (tests/fixture): search "resting", open handout
``alpha``, pick Spanish, type a name, press Print: the PDF that comes back
carries the name and the Spanish text.  Without Chromium
or Playwright the test is skipped locally, and fails when CI is set: CI must
never skip it silently.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, PRINT_DATE, flat, needs, page_texts
from web_support import serving

from handouts.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("HANDOUTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NAME = "Rosa Quintanilla Prueba"


def _unavailable() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    needs(_unavailable(), "browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The app under waitress on a free loopback port, in a background thread.

    Tests ask for it before ``browser``, so the browser (and its open
    connections) closes first and the server stops cleanly.
    """
    with serving(create_app({"PROJECT_DIR": FIXTURE, "PRINT_DATE": PRINT_DATE})) as url:
        yield url


def capture_pdfs(context: Any) -> list[bytes]:
    """Let each POSTed PDF through for real, keeping its bytes (the viewer hides them)."""
    captured: list[bytes] = []

    def handle(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        response = route.fetch()
        captured.append(response.body())
        route.fulfill(response=response)

    context.route("**/*.pdf", handle)
    return captured


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page_texts(data)))


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions (imported late: the package may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_search_pick_spanish_type_name_print(base_url: str, browser: Any,
                                              javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    pdfs = capture_pdfs(context)
    page = context.new_page()
    page.goto(base_url + "/")
    if javascript:  # live search: results follow the typing, no Enter needed
        page.fill("#q", "zzz")
        page.wait_for_selector("#results >> text=No handout matches")
    page.fill("#q", "resting")
    page.keyboard.press("Enter")
    expect(page.locator("#results a")).to_have_count(1)  # beta is filtered out
    page.click("#results a:has-text('Resting after a test')")
    if javascript:  # app.js is deferred: its listeners are in place only then
        page.wait_for_selector("html[data-ready]", state="attached")
    page.select_option("#locale", "es")
    if javascript:  # the preview follows the language
        expect(page.locator("#preview")).to_have_attribute("src", re.compile(r"locale=es"))
    page.fill("#patient_name", NAME)
    page.fill("#procedure_date", "2026-03-05")
    assert page.is_visible("#update-preview") != javascript  # JS updates the preview itself
    with context.expect_page() as new_tab:
        page.click("button.primary")
    new_tab.value.wait_for_load_state()
    assert new_tab.value.url.endswith("/handouts/alpha.pdf")
    assert len(pdfs) == 1
    text = pdf_text(pdfs[0])
    assert NAME in text and "5 de marzo de 2026" in text
    assert "Descansar después de una prueba" in text
    assert "Descanse dos días después de la prueba." in text
    context.close()


def test_keyboard_alone_with_visible_focus(base_url: str, browser: Any) -> None:
    context = browser.new_context()
    pdfs = capture_pdfs(context)
    page = context.new_page()
    page.goto(base_url + "/")
    expect(page.locator("#q")).to_be_focused()  # the search box has the focus on arrival
    page.keyboard.type("water")  # a keyword of beta
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=water")
    expect(page.locator("#q")).to_be_focused()
    tab_to(page, "#results a[href^='/handouts/beta']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/handouts/beta**")
    tab_to(page, "select#locale")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")  # a focus outline shows where the keyboard is
    page.keyboard.type("spa")  # type-ahead in the closed list picks "Spanish — español"
    assert page.eval_on_selector("#locale", "e => e.value") == "es"
    tab_to(page, "input#patient_name")
    page.keyboard.type(NAME)
    with context.expect_page() as new_tab:
        page.keyboard.press("Enter")  # submits the form: Open PDF / Print
    new_tab.value.wait_for_load_state()  # the PDF has arrived (and been captured)
    assert new_tab.value.url.endswith("/handouts/beta.pdf")
    assert len(pdfs) == 1
    text = pdf_text(pdfs[0])
    assert NAME in text and "El agua ayuda a que su cuerpo sane." in text
    context.close()


def tab_to(page: Any, selector: str, limit: int = 25) -> None:
    """Press Tab until the element matching selector has the focus (at most `limit` times)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_a_desk_screen_shows_print_and_starts_on_the_language(base_url: str,
                                                              browser: Any) -> None:
    """At 1366x768 the Print button is in view without scrolling, the language picker has
    the focus, and typing "S" picks Spanish (the picker reads English names first)."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{base_url}/handouts/alpha")
        button = page.locator("button.primary").first.bounding_box()
        assert button is not None and button["y"] + button["height"] <= 768
        assert page.evaluate("document.activeElement.id") == "locale"
        page.keyboard.press("s")
        assert page.evaluate("document.getElementById('locale').value") == "es"
    finally:
        page.close()


def test_a_language_not_ready_for_a_handout_cannot_be_picked(project: Path,
                                                             browser: Any) -> None:
    """Spanish is unfinished for alpha only: on alpha's page typing "s" does not pick
    it (it is listed, disabled, under "Not available for this handout yet"); on beta's
    page it does. A link asking for Spanish on alpha shows English, saying why."""
    from test_pack_waiting import ALPHA_ONLY, untranslate

    untranslate(project, "es", blank=ALPHA_ONLY)
    with serving(create_app({"PROJECT_DIR": project, "PRINT_DATE": PRINT_DATE})) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        try:
            page.goto(f"{url}/handouts/alpha")
            spanish = page.locator("#locale optgroup option[value=es]")
            expect(spanish).to_be_disabled()
            page.keyboard.press("s")
            assert page.eval_on_selector("#locale", "e => e.value") == "en"
            page.goto(f"{url}/handouts/beta")  # another handout: its own languages
            expect(page.locator("#locale option[value=es]")).to_be_enabled()
            page.keyboard.press("s")
            assert page.eval_on_selector("#locale", "e => e.value") == "es"
            page.goto(f"{url}/handouts/alpha?locale=es")
            assert page.eval_on_selector("#locale", "e => e.value") == "en"
            expect(page.locator("#locale-unavailable")).to_be_visible()
            expect(page.locator("#preview")).to_have_attribute("src", re.compile("locale=en"))
        finally:
            page.close()


#: A 1366x768 desk screen shows about 1366x640 of page under the browser's bars and the
#: taskbar.
DESK_VIEWPORT = {"width": 1366, "height": 640}


def test_desk_screen_focus_print_in_view_and_next_patient(base_url: str, browser: Any) -> None:
    page = browser.new_page(viewport=DESK_VIEWPORT)
    page.goto(base_url + "/")
    expect(page.locator("#q")).to_be_focused()
    page.click("#results a[href^='/handouts/alpha']")
    expect(page.locator("#locale")).to_be_focused()  # then straight to the language
    button = page.locator("button.primary").bounding_box()
    assert button is not None and button["y"] + button["height"] <= DESK_VIEWPORT["height"], \
        f"Print is below the fold at 1366x768: {button}"
    page.fill("#patient_name", NAME)
    page.fill("#note", "Bring your medicines.")
    page.click("#next-patient")
    page.wait_for_url(base_url + "/")
    expect(page.locator("#q")).to_be_focused()  # ready for the next patient's handout
    page.go_back()
    page.wait_for_url("**/handouts/alpha")
    expect(page.locator("#patient_name")).to_have_value("")  # Back brings no name back
    expect(page.locator("#note")).to_have_value("")
    page.close()


def test_a_name_over_the_limit_is_said_and_not_printed_cut(base_url: str,
                                                           browser: Any) -> None:
    """A pasted name longer than the limit: the page says so at once and makes no copy
    (a limit the browser enforced cut it mid-word in silence); shortened, it prints."""
    from handouts.web.forms import LIMITS

    context = browser.new_context()
    pdfs = capture_pdfs(context)
    page = context.new_page()
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    long_name = ("Hernández-Villanueva Zebediah Quillfeather " * 5).strip()
    assert len(long_name) > LIMITS["patient_name"]
    page.fill("#patient_name", long_name)
    said = page.locator("#patient_name-limit")
    expect(said).to_have_text(f"Too long: the limit is {LIMITS['patient_name']} characters. "
                              "Shorten it to print.")
    expect(page.locator("#patient_name")).to_have_attribute("aria-invalid", "true")
    assert page.eval_on_selector("#patient_name", "e => e.value") == long_name, "not cut"
    page.click("button.primary")
    page.wait_for_timeout(500)
    assert pdfs == [] and len(context.pages) == 1, "no copy with a name cut short"
    page.fill("#patient_name", NAME)
    expect(said).to_have_text("")
    expect(page.locator("#patient_name")).to_have_attribute("aria-invalid", "false")
    with context.expect_page() as new_tab:
        page.click("button.primary")
    new_tab.value.wait_for_load_state()
    assert len(pdfs) == 1 and NAME in pdf_text(pdfs[0])
    context.close()


@pytest.mark.parametrize("viewport", [DESK_VIEWPORT, {"width": 390, "height": 844}],
                         ids=["desk", "phone"])
def test_a_field_reached_with_tab_is_not_under_the_print_bar(
        base_url: str, browser: Any, viewport: dict[str, int]) -> None:
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    for field in ("input#patient_name", "input#clinician", "input#procedure_date",
                  "textarea#note"):
        tab_to(page, field)
        box = page.locator(field).bounding_box()
        bar = page.locator("form.print .actions").bounding_box()
        assert box is not None and bar is not None
        assert box["y"] + box["height"] <= bar["y"], f"{field} is under the print bar"
    page.close()


def test_a_double_click_on_open_pdf_makes_one_copy(base_url: str, browser: Any) -> None:
    context = browser.new_context()
    pdfs = capture_pdfs(context)
    page = context.new_page()
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    page.fill("#patient_name", NAME)
    with context.expect_page() as new_tab:
        page.dblclick("button.primary")
    new_tab.value.wait_for_load_state()
    page.wait_for_timeout(800)
    assert len(pdfs) == 1, f"{len(pdfs)} copies made"
    context.close()


def test_the_same_copy_again_after_a_change_is_made(base_url: str, browser: Any) -> None:
    """Only a repeat is dropped: Open PDF, a corrected name, Open PDF again at once:
    two copies, the second with the corrected name."""
    context = browser.new_context()
    pdfs = capture_pdfs(context)
    page = context.new_page()
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    page.fill("#patient_name", "Zebediah Quilfeather")
    with context.expect_page() as first:
        page.click("button.primary")
    first.value.wait_for_load_state()
    page.fill("#patient_name", NAME)
    with context.expect_page() as second:
        page.click("button.primary")
    second.value.wait_for_load_state()
    assert len(pdfs) == 2 and NAME in pdf_text(pdfs[1])
    context.close()


def test_the_preview_says_how_many_pages_the_copy_prints(base_url: str, browser: Any) -> None:
    """Large print with English runs to many pages: staff see how many before printing."""
    from pypdf import PdfReader

    def pages(query: str) -> int:
        with urllib.request.urlopen(f"{base_url}/handouts/alpha.pdf?{query}") as answer:
            return len(PdfReader(io.BytesIO(answer.read())).pages)

    page = browser.new_page(viewport=DESK_VIEWPORT)
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    caption = page.locator("#preview-caption")
    expect(caption).to_contain_text(f"Page 1 of {pages('locale=en')},")
    page.check("#large_print")
    expect(caption).to_contain_text(f"The copy prints {pages('locale=en&large_print=1')} pages.")
    page.close()


@pytest.mark.parametrize("viewport", [{"width": 683, "height": 384},
                                      {"width": 320, "height": 256}], ids=["zoom-200", "zoom-400"])
def test_at_high_zoom_the_print_bar_ends_the_form_and_hides_nothing(
        base_url: str, browser: Any, viewport: dict[str, int]) -> None:
    """At 400% zoom the sticky bar was taller than the window: ten fields were typed
    into out of sight, and the focused language list started half under it (a11y
    walkthrough). A short window gets the bar at the end of the form instead."""
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    assert page.eval_on_selector("form.print .actions",
                                 "e => getComputedStyle(e).position") == "static"
    for field in ("select#locale", "input#patient_name", "textarea#note"):
        if field != "select#locale":
            tab_to(page, field)
        box = page.locator(field).bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= viewport["height"], f"{field} is cut off"
    page.close()


def test_a_too_long_message_is_shown_whole_above_the_bar(base_url: str, browser: Any) -> None:
    """The message under a field appeared half under the print bar (a11y walkthrough)."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # the field just fits
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    tab_to(page, "input#patient_name")
    page.keyboard.type("Zebediah Quillfeather " * 5)
    said = page.locator("#patient_name-limit")
    expect(said).to_contain_text("Too long")
    box, bar = said.bounding_box(), page.locator("form.print .actions").bounding_box()
    assert box is not None and bar is not None and box["y"] + box["height"] <= bar["y"]
    page.close()


def test_live_search_says_only_the_count(base_url: str, browser: Any) -> None:
    """Each keystroke re-read the whole results list (nine language names in six
    scripts) over the typed letters; only the count line is announced now."""
    page = browser.new_page()
    page.goto(base_url)
    page.wait_for_selector("html[data-ready]", state="attached")
    assert page.get_attribute("#results", "aria-live") is None
    page.locator("#q").press_sequentially("rest", delay=40)
    said = page.locator("#results-said")
    expect(said).to_have_text(re.compile(r"^1 handout matches “rest”\.$"))
    assert page.get_attribute("#results-said", "role") == "status"
    page.close()


def test_a_failed_print_keeps_focus_and_says_what_to_do(browser: Any) -> None:
    """The Print button is disabled while it sends, so focus fell to the page's body when
    printing failed, and a 409 was read out as the gate's file-and-line dump. Focus comes
    back to Print, and the message is the title and what to do (a11y walkthrough)."""
    import json

    app = create_app({"PROJECT_DIR": FIXTURE, "PRINT_DATE": PRINT_DATE,
                      "PRINTERS": "desk1=Front desk 1"})
    with serving(app) as url:
        context = browser.new_context(viewport=DESK_VIEWPORT)
        answer = {"error": "the am translation of alpha is incomplete: 3 untranslated "
                           "(locales/am/LC_MESSAGES/alpha.po): templates/handouts/alpha.md:15",
                  "hint": "print the English handout for now.", "status": 409,
                  "title": "Translation not ready"}
        context.route("**/print", lambda route: route.fulfill(
            status=409, content_type="application/json", body=json.dumps(answer)))
        page = context.new_page()
        page.goto(f"{url}/handouts/alpha")
        page.wait_for_selector("html[data-ready]", state="attached")
        tab_to(page, "#print-button")
        page.keyboard.press("Enter")
        status = page.locator(".print-status")
        expect(status).to_have_text("Not printed: Translation not ready. Print the English "
                                    "handout for now.")
        assert page.evaluate("document.activeElement.id") == "print-button"
        context.close()


def test_language_names_load_the_fonts_that_draw_them(scripts_project: Path,
                                                      browser: Any) -> None:
    """This Chromium has no Devanagari font: "हिन्दी" was drawn as boxes on such a desk.
    The page loads the names' own font for it (namefonts.py)."""
    app = create_app({"PROJECT_DIR": scripts_project, "PRINT_DATE": PRINT_DATE})
    with serving(app) as url:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("html[data-ready]", state="attached")
        faces = page.evaluate("""async () => (await document.fonts.load(
            '16px "Handout language names"', 'हिन्दी')).map(face => face.family)""")
        assert faces and all("Handout language names" in family for family in faces)
        page.close()


def test_the_language_note_follows_the_list_after_back(base_url: str, browser: Any) -> None:
    """Back restored Spanish in the list while the line under it still said English
    (review)."""
    page = browser.new_page(viewport=DESK_VIEWPORT)
    page.goto(f"{base_url}/handouts/alpha")
    page.wait_for_selector("html[data-ready]", state="attached")
    page.select_option("#locale", "es")
    expect(page.locator("#locale-note")).to_have_text(re.compile(r"^Spanish: "))
    page.click("text=Back to search")
    page.wait_for_selector("#q")
    page.go_back()
    page.wait_for_selector("html[data-ready]", state="attached")
    chosen = page.eval_on_selector("#locale", "s => s.value")
    expected = "Spanish: " if chosen == "es" else "English: "
    expect(page.locator("#locale-note")).to_have_text(re.compile("^" + expected))
    page.close()
