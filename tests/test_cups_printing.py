"""One click to paper, for real: Chromium presses Print, CUPS prints to a PDF printer.

A private CUPS server (tests/cups_server.py) with Debian's virtual PDF printer
stands in for the desk's printer.  Chromium drives the page as staff would;
what the "printer" wrote is read back with poppler's pdftotext, and the print
server's spool and logs are searched for the patient's name afterwards.
Skipped locally without root, CUPS or Chromium; CI installs them and fails
rather than skip.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, PRINT_DATE, flat, needs
from cups_server import CupsServer, cups_server, unavailable, wait_for_output
from test_browser import browser, expect  # noqa: F401  (the module's Chromium fixture)
from web_support import serving

from handouts.web import create_app

pytestmark = pytest.mark.browser
NAME = "Rosa Quintanilla Prueba"
LABEL = "Test PDF printer"


@pytest.fixture(scope="module")
def cups() -> Iterator[CupsServer]:
    needs(unavailable(), "printing test")
    with cups_server() as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CUPS_SERVER", server.address)  # lp, run by the app, prints there
        yield server


@pytest.fixture(scope="module")
def desk_url(cups: CupsServer) -> Iterator[str]:
    app = create_app({"PROJECT_DIR": FIXTURE, "PRINT_DATE": PRINT_DATE,
                      "PRINTERS": f"{cups.queue}={LABEL},Spare=Spare printer"})
    with serving(app) as url:
        yield url


def files_containing(folder: Path, text: str) -> list[Path]:
    needles = [text.encode("utf-8"), text.encode("utf-16-be")]
    return [p for p in folder.rglob("*") if p.is_file()
            and any(n in p.read_bytes() for n in needles)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_a_field_sends_nothing_to_the_printer(desk_url: str, cups: CupsServer,
                                                       browser: Any,  # noqa: F811
                                                       javascript: bool) -> None:
    """Enter presses a form's first submit button: never Print, with a name half typed."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(desk_url + "/handouts/alpha")
    page.fill("#patient_name", "Rosa Quin")
    page.press("#patient_name", "Enter")
    page.wait_for_load_state()
    expect(page.locator("#print-status")).to_be_empty()
    time.sleep(3)  # a job would have reached the printer by now
    context.close()
    assert not list(cups.output.glob("*.pdf")) and not cups.lp("-o").stdout.strip()


def test_print_button_prints_on_paper_and_leaves_no_copy(desk_url: str, cups: CupsServer,
                                                         browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 640})
    page.goto(desk_url + "/handouts/alpha")
    page.select_option("#locale", "es")
    page.fill("#patient_name", NAME)
    expect(page.locator("#printer")).to_have_value(cups.queue)
    page.click("#print-button")
    expect(page.locator("#print-status")).to_contain_text(f"Sent to {LABEL}", timeout=30000)
    expect(page.locator("#patient_name")).to_have_value("")  # cleared for the next patient
    expect(page.locator("#next-patient")).to_be_focused()
    page.close()

    printed = wait_for_output(cups)
    text = flat(subprocess.run(["pdftotext", str(printed), "-"], capture_output=True,
                               text=True, check=True).stdout)
    assert NAME in text and "Descanse dos días después de la prueba." in text
    assert NAME.split()[0] not in printed.name  # the job title never carries the name

    assert not list(cups.spool.glob("d*")), "the print server kept the document"
    assert files_containing(cups.spool, NAME) == []
    assert files_containing(cups.logs, NAME) == []


def test_it_sets_a_desks_printer_with_an_address(desk_url: str, browser: Any) -> None:  # noqa: F811
    """Opening the site once with ?printer=QUEUE (IT's bookmark for a desk) selects that
    printer on every handout page in that browser."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(desk_url + "/handouts/alpha")
    expect(page.locator("#printer")).to_have_value("HandoutsPDF")
    page.evaluate("localStorage.clear()")
    page.goto(desk_url + "/?printer=Spare")
    page.goto(desk_url + "/handouts/alpha")
    expect(page.locator("#printer")).to_have_value("Spare")
    context.close()
