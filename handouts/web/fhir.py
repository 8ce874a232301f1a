"""A FHIR R4 DocumentReference that files a printed handout in the patient's record.

``POST /handouts/<ref>.pdf`` answers this resource instead of the PDF when the
client prefers ``application/fhir+json`` (docs/http-api.md, "A record for the
EHR (FHIR)").  The mapping:

* ``status`` "current", ``docStatus`` "final": the copy handed out is final.
* ``type``: LOINC 34895-3 "Education note"; ``category`` text "Patient education".
* ``date`` and ``attachment.creation``: the print date, as an instant at
  00:00:00Z (the service knows the day printed, not the time).
* ``description`` and ``attachment.title``: the handout's title as printed, in
  the printed language (read back from the PDF's own metadata).
* ``identifier``: the handout ID (``urn:handouts:handout-id``) and
  "<ID>|<version>" (``urn:handouts:handout-version``): which text was given.
* ``content[0].attachment``: the exact PDF bytes (base64), their size, their
  SHA-1 as base64 (R4's definition of ``hash``), and the BCP-47 language tag.
* ``subject.reference``: only when the caller sends ``patient_reference``.

Nothing here is stored or logged: the resource carries patient details.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
from typing import Any

from flask import Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_list_header, parse_options_header

from ..errors import FieldError

MEDIA_TYPE = "application/fhir+json"
#: both spellings a client may send (the second is DSTU2's, still seen in the wild)
MEDIA_TYPES = (MEDIA_TYPE, "application/json+fhir")
LOINC = "http://loinc.org"
EDUCATION_NOTE = {"system": LOINC, "code": "34895-3", "display": "Education note"}
ID_SYSTEM = "urn:handouts:handout-id"
VERSION_SYSTEM = "urn:handouts:handout-version"
#: What a DocumentReference's subject may be (FHIR R4), then an id as FHIR defines one.
_REFERENCE = re.compile(r"^(?:Patient|Practitioner|Group|Device)/[A-Za-z0-9\-.]{1,64}$")


def plain_accept() -> MIMEAccept:
    """The request's Accept header without media type parameters: FHIR clients may ask
    for ``application/fhir+json; fhirVersion=4.0``, which werkzeug would not match to
    ``application/fhir+json``."""
    return MIMEAccept([(value.split(";", 1)[0].strip(), quality)
                       for value, quality in request.accept_mimetypes])


#: A quality value as RFC 9110 (12.4.2) writes one; a range with any other is skipped.
_QVALUE = re.compile(r"0(?:\.\d{0,3})?|1(?:\.0{0,3})?")


def accept_ranges(header: str) -> list[tuple[str, dict[str, str], float]]:
    """The Accept header's media ranges in the client's order: (type, parameters, q),
    lower-cased; a range whose q is malformed is skipped, as werkzeug skips it."""
    ranges = []
    for part in parse_list_header(header):
        media, params = parse_options_header(part)
        quality = params.pop("q", "1").strip()
        if media and _QVALUE.fullmatch(quality):
            ranges.append((media.lower(), {k.lower(): v for k, v in params.items()},
                           float(quality)))
    return ranges


def _rank(media: str, value: str, params: dict[str, str]) -> int:
    """How specifically a range names ``media``: with a FHIR version this answer has (3),
    exactly (2), ``type/*`` (1), ``*/*`` (0); -1 when it does not (another FHIR
    version: this server writes R4 only)."""
    if value == media:
        version = params.get("fhirversion")
        if version is None:
            return 2
        return 3 if media in MEDIA_TYPES and version.startswith("4.") else -1
    return 1 if value == media.split("/", 1)[0] + "/*" else 0 if value == "*/*" else -1


def _quality(media: str, ranges: list[tuple[str, dict[str, str], float]],
             ) -> tuple[float, int]:
    """(quality, rank) of the most specific range that matches ``media``; (0, -1) when
    none does (RFC 9110, 12.5.1)."""
    best = (0.0, -1)
    for value, params, quality in ranges:
        rank = _rank(media, value, params)
        if rank > best[1]:
            best = (quality, rank)
    return best


def wants_fhir() -> bool:
    """The client rates a FHIR resource higher than the PDF, or as high and names it
    first (``Accept: application/fhir+json, application/pdf``); the PDF otherwise. A
    type at ``q=0`` is refused, whatever a wildcard says."""
    ranges = accept_ranges(request.headers.get("Accept", ""))
    pdf = _quality("application/pdf", ranges)
    # the two spellings are one type: the most specific mention of either decides
    record = max((_quality(media, ranges) for media in MEDIA_TYPES), key=lambda q: q[1])
    if record[0] <= 0 or record[0] < pdf[0]:
        return False
    if record[0] > pdf[0]:
        return True
    named = [value for value, params, quality in ranges if quality > 0 and (
        value == "application/pdf" or value in MEDIA_TYPES and _rank(value, value, params) >= 2)]
    return bool(named) and named[0] in MEDIA_TYPES  # a tie: the one it names first


def patient_reference(text: str) -> str | None:
    """The optional ``patient_reference`` field ("Patient/123"), checked; None when blank."""
    text = text.strip()
    if not text:
        return None
    if not _REFERENCE.match(text):
        raise FieldError("patient_reference",
                         "Patient reference (patient_reference) must look like Patient/123: "
                         "Patient, Practitioner, Group or Device as written, a slash and an "
                         "id of up to 64 letters, digits, '-' or '.'.")
    return text


def instant(day: dt.date) -> str:
    """The print date as a FHIR instant: midnight UTC of that day."""
    return f"{day.isoformat()}T00:00:00Z"


def printed_title(pdf: bytes, handout_id: str) -> str:
    """The title the PDF carries (in its language), without the " (ID)" the PDF adds."""
    import pikepdf  # only when a record is asked for

    with pikepdf.open(io.BytesIO(pdf)) as document:
        title = str(document.docinfo.get("/Title", ""))
    suffix = f" ({handout_id})"
    return title[: -len(suffix)] if title.endswith(suffix) else title


def attachment(pdf: bytes, language: str, title: str, day: dt.date) -> dict[str, Any]:
    """The PDF itself, with the size and SHA-1 a receiver checks it against."""
    return {"contentType": "application/pdf", "language": language,
            "data": base64.b64encode(pdf).decode("ascii"), "size": len(pdf),
            "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),  # noqa: S324
            "title": title, "creation": instant(day)}


def identifiers(handout_id: str, version: str) -> list[dict[str, str]]:
    return [{"system": ID_SYSTEM, "value": handout_id},
            {"system": VERSION_SYSTEM, "value": f"{handout_id}|{version}"}]


def document_reference(pdf: bytes, *, handout_id: str, version: str, language: str,
                       day: dt.date, subject: str | None = None) -> dict[str, Any]:
    """The DocumentReference for one printed copy (same inputs, same resource)."""
    title = printed_title(pdf, handout_id)
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "identifier": identifiers(handout_id, version),
        "status": "current",
        "docStatus": "final",
        "type": {"coding": [EDUCATION_NOTE], "text": "Education note"},
        "category": [{"text": "Patient education"}],
        "date": instant(day),
        "description": title,
        "content": [{"attachment": attachment(pdf, language, title, day)}],
    }
    if subject is not None:
        resource["subject"] = {"reference": subject}
    return resource


def record_response(pdf: bytes, handout_id: str, version: str, locale: str, day: dt.date,
                    subject: str | None) -> Response:
    """The PDF inside a DocumentReference, for the EHR to file; never stored (no-store)."""
    resource = document_reference(pdf, handout_id=handout_id, version=version,
                                  language=locale.replace("_", "-"), day=day, subject=subject)
    response = Response(json.dumps(resource, ensure_ascii=False, indent=1),
                        content_type=f"{MEDIA_TYPE}; charset=utf-8")
    response.cache_control.no_store = True
    return response
