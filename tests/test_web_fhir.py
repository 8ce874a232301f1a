"""POST /handouts/<ref>.pdf with ``Accept: application/fhir+json``: a DocumentReference.

The answer is checked with fhir.resources' R4B model (fhir.resources 8 defaults to
R5; R4B's DocumentReference is structurally R4's, which is what the EHR expects).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from fhir.resources.R4B.documentreference import DocumentReference
from flask.testing import FlaskClient
from web_support import ALPHA_ES, json_of, pdf_text

FHIR = {"Accept": "application/fhir+json"}
FORM = {"locale": "es", "patient_name": "Zoë Ramírez", "clinician": "Dr. Ortega"}


def record(client: FlaskClient, **extra: str) -> dict[str, Any]:
    response = client.post("/handouts/TST-001.pdf", data={**FORM, **extra}, headers=FHIR)
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"  # it carries patient details
    found: dict[str, Any] = response.get_json(force=True)
    return found


def test_the_record_is_a_valid_r4_document_reference_holding_the_printed_pdf(
        client: FlaskClient) -> None:
    resource = record(client, patient_reference="Patient/123")
    DocumentReference.model_validate(resource)  # raises when it is not valid FHIR
    assert resource["resourceType"] == "DocumentReference"
    assert (resource["status"], resource["docStatus"]) == ("current", "final")
    assert resource["type"]["coding"][0] == {"system": "http://loinc.org", "code": "34895-3",
                                             "display": "Education note"}
    assert resource["subject"] == {"reference": "Patient/123"}
    assert resource["date"] == "2026-11-23T00:00:00Z"  # the print date
    attachment = resource["content"][0]["attachment"]
    pdf = base64.b64decode(attachment["data"])
    assert pdf.startswith(b"%PDF") and attachment["contentType"] == "application/pdf"
    assert attachment["size"] == len(pdf)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
    assert attachment["language"] == "es"
    assert attachment["title"] == resource["description"] == "Descansar después de una prueba"
    text = pdf_text(pdf)
    assert "Zoë Ramírez" in text and ALPHA_ES in text


def test_the_record_names_the_handout_and_its_version(client: FlaskClient) -> None:
    handout = next(h for h in json_of(client.get("/api/handouts")) if h["id"] == "TST-001")
    identifiers = {i["system"]: i["value"] for i in record(client)["identifier"]}
    assert identifiers == {"urn:handouts:handout-id": "TST-001",
                           "urn:handouts:handout-version": f"TST-001|{handout['version']}"}


def test_the_pdf_in_the_record_is_the_pdf_the_route_prints(client: FlaskClient) -> None:
    pdf = client.post("/handouts/TST-001.pdf", data=FORM).data
    attachment = record(client)["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == pdf
    assert "subject" not in record(client)  # no patient_reference: no subject


def test_the_same_inputs_give_the_same_record(client: FlaskClient) -> None:
    assert record(client) == record(client)


def test_without_asking_for_fhir_the_answer_is_the_pdf(client: FlaskClient) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"},
                    {"Accept": "application/pdf, application/fhir+json;q=0.5"},
                    {"Accept": "application/pdf, application/fhir+json"},
                    # refused at q=0, whatever */* says; or rated below the PDF's */*
                    {"Accept": "application/fhir+json;q=0, */*"},
                    {"Accept": "*/*, application/fhir+json;q=0.5"},
                    {"Accept": "application/fhir+json;q=0.5, */*"},
                    # a malformed q skips its range (as werkzeug reads it), not q=1
                    {"Accept": 'application/fhir+json;q="0", application/pdf'},
                    {"Accept": "application/fhir+json;q=abc, application/pdf"},
                    {"Accept": "application/fhir+json;q=nan"},
                    # a refused spelling is not "named first"
                    {"Accept": "application/json+fhir;q=0, application/pdf, "
                               "application/fhir+json"},
                    # another FHIR version than this server writes (R4)
                    {"Accept": "application/fhir+json;fhirVersion=3.0"}):
        response = client.post("/handouts/TST-001.pdf", data=FORM, headers=headers)
        assert response.mimetype == "application/pdf"


@pytest.mark.parametrize("accept", ["application/json+fhir",  # DSTU2's spelling
                                    "application/fhir+json; fhirVersion=4.0",  # R4's version
                                    "application/fhir+json;q=0.9, application/pdf;q=0.1",
                                    # as high as the PDF, and named first (an EHR's header)
                                    "application/fhir+json, application/pdf",
                                    "application/fhir+json, */*",
                                    "application/fhir+json;fhirVersion=3.0;q=0, "
                                    "application/fhir+json;fhirVersion=4.0",
                                    'application/fhir+json;profile="a,b", application/pdf'])
def test_every_way_of_asking_for_fhir_is_understood(client: FlaskClient, accept: str) -> None:
    response = client.post("/handouts/TST-001.pdf", data=FORM, headers={"Accept": accept})
    assert response.headers["Content-Type"].startswith("application/fhir+json")


def test_a_fhir_client_gets_its_errors_as_json(client: FlaskClient) -> None:
    response = client.post("/handouts/TST-001.pdf", data={**FORM, "patient_reference": "x"},
                           headers={"Accept": "application/fhir+json; fhirVersion=4.0"})
    assert response.status_code == 400 and json_of(response)["field"] == "patient_reference"


@pytest.mark.parametrize("reference", ["123", "Patient/", "Patient/1 2", "Patient/" + "9" * 65,
                                       "../Patient/1", "patient/123", "Foo/1"])
def test_a_malformed_patient_reference_is_refused(client: FlaskClient, reference: str) -> None:
    response = client.post("/handouts/TST-001.pdf", headers=FHIR,
                           data={**FORM, "patient_reference": reference})
    assert response.status_code == 400
    problem = json_of(response)
    assert problem["field"] == "patient_reference" and "Patient/123" in problem["error"]
