"""The Print button's route, with a stand-in for CUPS's ``lp`` (issue 13 part 1).

The stand-in records what it was given (arguments, the PDF on standard input)
in a scratch folder, or fails the way ``lp`` does.  tests/test_cups_printing.py
prints through a real CUPS server; these cover the answers around it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from web_support import json_of, make_app, pdf_text

NAME = "Rosa Quintanilla Prueba"
FAKE_LP = """#!/usr/bin/env python3
import json, os, sys
record = os.environ["FAKE_LP_RECORD"]
data = sys.stdin.buffer.read()
if os.environ.get("FAKE_LP_FAIL"):
    sys.stderr.write("lp: " + os.environ["FAKE_LP_FAIL"] + "\\n")
    sys.exit(1)
open(record + ".pdf", "wb").write(data)
json.dump(sys.argv[1:], open(record + ".json", "w"))
print("request id is desk1-42 (0 file(s))")
"""
FORM = {"locale": "es", "patient_name": NAME, "printer": "desk1"}
PAGE = {"Sec-Fetch-Site": "same-origin", "Accept": "application/json"}


@pytest.fixture
def lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``lp`` first on PATH; returns where it records a job (``.pdf``, ``.json``)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "lp"
    script.write_text(FAKE_LP)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    record = tmp_path / "job"
    monkeypatch.setenv("FAKE_LP_RECORD", str(record))
    return record


def printing_client(printers: str = "desk1=Front desk 1, desk2") -> FlaskClient:
    return make_app(PRINTERS=printers).test_client()


def test_print_sends_the_patients_copy_to_the_chosen_printer(lp: Path) -> None:
    answer = printing_client().post("/handouts/alpha/print", data=FORM, headers=PAGE)
    assert answer.status_code == 200, answer.data
    body = json_of(answer)
    assert body["status"] == "sent" and body["printer"] == "Front desk 1"
    assert body["job"] == "desk1-42" and body["pages"] >= 1
    assert answer.headers["Cache-Control"] == "no-store"
    text = pdf_text(Path(f"{lp}.pdf").read_bytes())
    assert NAME in text and "Descanse dos días" in text  # the Spanish, personalized copy
    args = json.loads(Path(f"{lp}.json").read_text())
    assert args[args.index("-d") + 1] == "desk1"
    assert "media=Letter" in args
    assert all(NAME not in arg and "Rosa" not in arg for arg in args)  # title: never the name


def test_paper_size_reaches_the_printer(lp: Path) -> None:
    printing_client().post("/handouts/alpha/print", data={**FORM, "paper": "a4"},
                           headers=PAGE)
    assert "media=A4" in json.loads(Path(f"{lp}.json").read_text())


def test_without_scripts_the_answer_is_a_page_with_next_patient(lp: Path) -> None:
    client = printing_client()
    answer = client.post("/handouts/alpha/print", data=FORM,
                         headers={"Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 303  # to a page of its own: reloading it prints nothing
    address = answer.headers["Location"]
    assert NAME.split()[0] not in address and "patient" not in address
    page = client.get(address).get_data(as_text=True)
    assert "Sent to Front desk 1" in page and "print job desk1-42" in page
    assert NAME not in page
    assert 'href="/" autofocus>Next patient' in page
    assert len(Path(f"{lp}.json").read_text()) > 0
    Path(f"{lp}.json").unlink()
    client.get(address)
    assert not Path(f"{lp}.json").exists()  # showing the page again sends nothing


def test_a_printer_that_refuses_says_why(lp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_LP_FAIL", "The printer or class does not exist.")
    answer = printing_client().post("/handouts/alpha/print", data=FORM, headers=PAGE)
    assert answer.status_code == 502
    body = json_of(answer)
    assert body["error"] == ("Front desk 1 did not take the job: "
                             "The printer or class does not exist.")
    assert "open the PDF" in body["hint"]
    assert NAME not in json.dumps(body)


def test_a_server_without_lp_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp anywhere
    answer = printing_client().post("/handouts/alpha/print", data=FORM, headers=PAGE)
    assert answer.status_code == 503
    assert "lp" in json_of(answer)["error"] and "cups-client" in json_of(answer)["hint"]


def test_only_the_printers_it_names(lp: Path) -> None:
    answer = printing_client().post("/handouts/alpha/print",
                                    data={**FORM, "printer": "elsewhere"}, headers=PAGE)
    assert answer.status_code == 400 and json_of(answer)["field"] == "printer"
    assert not Path(f"{lp}.pdf").exists()


def test_no_printers_no_print_button_and_the_route_says_why(lp: Path) -> None:
    client = make_app().test_client()
    page = client.get("/handouts/alpha").get_data(as_text=True)
    assert 'id="print-button"' not in page and "Open PDF / Print" in page
    answer = client.post("/handouts/alpha/print", data=FORM, headers=PAGE)
    assert answer.status_code == 503 and "HANDOUTS_PRINTERS" in json_of(answer)["hint"]


def test_the_page_offers_the_printers_by_their_labels() -> None:
    page = printing_client().get("/handouts/alpha").get_data(as_text=True)
    assert '<option value="desk1">Front desk 1</option>' in page
    assert '<option value="desk2">desk2</option>' in page
    assert 'id="print-button"' in page and 'id="next-patient"' in page


def test_another_sites_form_cannot_print(lp: Path) -> None:
    answer = printing_client().post("/handouts/alpha/print", data=FORM,
                                    headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
    assert not Path(f"{lp}.pdf").exists()


@pytest.mark.parametrize("setting", ["desk 1", "desk/1", "a=b,c#d"])
def test_a_malformed_printer_list_stops_the_app_with_a_message(setting: str) -> None:
    from handouts.errors import FieldError

    with pytest.raises(FieldError, match="HANDOUTS_PRINTERS"):
        make_app(PRINTERS=setting)
