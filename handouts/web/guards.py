"""What every request must pass before a route sees it (docs/http-api.md, "Security").

1. **Host**: with ``ALLOWED_HOSTS`` set, a request naming another host in its
   ``Host`` header is refused (400); DNS rebinding needs another name.
2. **Another site's form** (CSRF): a POST (or any other unsafe method) that a
   browser says comes from another site is refused (403), so a page elsewhere
   cannot make a desk's browser print under the hospital's name.  The browser's
   own word is trusted in this order: ``Sec-Fetch-Site``, ``Origin``,
   ``Referer``.  A request with none of them is a program (an EHR, curl); with
   ``API_KEY`` set it must carry ``Authorization: Bearer <key>`` (else 401).
3. **The body**: a POST to a route must be a form
   (``application/x-www-form-urlencoded`` or ``multipart/form-data``): anything
   else is 415, a form that does not parse is 400 (never an empty form and a
   blank handout); forms.py then checks its fields.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, request
from werkzeug.formparser import FormDataParser

from ..errors import UsageError
from .forms import check_posted
from .problems import Refused

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
#: environment variables ``create_app`` reads (for ``generate.py serve``); config wins
ENVIRONMENT = {"HANDOUTS_ALLOWED_HOSTS": "ALLOWED_HOSTS", "HANDOUTS_API_KEY": "API_KEY",
               "HANDOUTS_PRINTERS": "PRINTERS", "HANDOUTS_PROXY_HOPS": "PROXY_HOPS"}
#: those of them that are whole numbers (0 or more)
WHOLE_NUMBERS = frozenset({"HANDOUTS_PROXY_HOPS"})


class StrictRequest(Request):
    """A request whose form parser raises on a malformed body instead of yielding an
    empty form (werkzeug's default), so a broken upload is a 400, not a blank handout."""

    def make_form_data_parser(self) -> FormDataParser:
        parser = super().make_form_data_parser()
        parser.silent = False
        return parser


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The guards' settings given as environment variables (unset or blank: not given);
    a number that is not one is a UsageError naming the variable."""
    found: dict[str, Any] = {}
    for name, key in ENVIRONMENT.items():
        value = environ.get(name, "").strip()
        if value:
            found[key] = env_number(name, value) if name in WHOLE_NUMBERS else value
    return found


def env_number(name: str, value: str) -> int:
    """An environment variable's whole number (0 or more), or a UsageError naming it."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise UsageError(f"the environment variable {name}={value[:40]!r} is not a whole "
                         f"number (0 or more).", hint=f"set {name} to a number, or unset it.")
    return number


def allowed_hosts(setting: object) -> list[str]:
    """ALLOWED_HOSTS as lower-case names without ports: from a list, or from one string
    split at commas and spaces.  ".example.org" stays as it is: it allows subdomains."""
    names: Iterable[object] = ()
    if isinstance(setting, str):
        names = setting.replace(",", " ").split()
    elif isinstance(setting, list | tuple | set | frozenset):
        names = setting
    found = []
    for name in (str(n).strip().lower() for n in names):
        authority = name if name.startswith(".") else (_authority(name) or ("",))[0]
        if authority:
            found.append(authority)
    return found


def host_allowed(host: str, allowed: list[str]) -> bool:
    """host (a Host header: name, port) is one of the allowed names, or a subdomain of an
    allowed ".example.org"; case and a final dot ignored."""
    authority = _authority(host)
    if authority is None:
        return False
    name = authority[0].rstrip(".")
    return any(name == entry or (entry.startswith(".") and
                                 (name == entry[1:] or name.endswith(entry)))
               for entry in allowed)


def register_guards(app: Flask) -> None:
    """Check every request before its route runs (the app's request_class should be
    StrictRequest, so that a malformed form is an error)."""
    hosts = allowed_hosts(app.config.get("ALLOWED_HOSTS"))

    @app.before_request
    def guard() -> None:
        check_host(hosts)
        if request.method not in SAFE_METHODS:
            check_origin(str(current_app.config.get("API_KEY") or ""))
            if request.url_rule is not None:  # an unknown path or method: 404/405 as ever
                check_body()


def check_host(hosts: list[str]) -> None:
    if hosts and not host_allowed(request.host, hosts):
        raise Refused(400, "this server does not answer to the name in the address (the "
                           "request's Host header is not one IT allowed).",
                      "open the page at the address IT gave you.")


def _authority(url: str) -> tuple[str, int | None] | None:
    """(host, port) of a URL or a Host header value; default ports as None."""
    if "//" not in url and any(c in url for c in "@/?#\\ \t"):
        return None  # not a plain host[:port]
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    return (host, None if port in (80, 443) else port) if host else None


def from_the_page() -> bool | None:
    """True: the browser says this request comes from this site's own page; False: from
    another site; None: no browser said anything (a program such as an EHR)."""
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site == "same-origin":
        return True
    if site in ("cross-site", "same-site"):
        return False
    here = _authority(request.host)
    origin = request.headers.get("Origin")
    if origin is not None:  # "null": a sandboxed frame, a file, another site's redirect
        return origin != "null" and _authority(origin) == here
    referrer = request.headers.get("Referer")
    if referrer:
        return _authority(referrer) == here
    return None


def check_origin(api_key: str) -> None:
    verdict = from_the_page()
    if verdict is False:
        raise Refused(403, "this form was sent from another web site, so it was not printed.",
                      "open the handout page on this server and print from there.")
    if verdict is None and api_key and not _key_matches(api_key):
        sent = "Authorization" in request.headers
        raise Refused(401, "the API key sent does not match this server's." if sent else
                      "this request needs the API key: send the header Authorization with "
                      "the word Bearer, a space and the key.",
                      "ask IT for the key (docs/http-api.md, \"Security\").",
                      {"WWW-Authenticate": 'Bearer realm="handouts"'})


def _key_matches(api_key: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              api_key.encode())


def check_body() -> None:
    """A POST's body is a form that parses, with only the fields the route knows."""
    if request.mimetype not in FORM_TYPES:
        shown = request.mimetype or "no Content-Type"
        raise Refused(415, f"this address accepts a form, not {shown[:60]}.",
                      "send the fields as application/x-www-form-urlencoded or "
                      "multipart/form-data (docs/http-api.md).")
    try:
        form, files = request.form, request.files
    except ValueError:  # a multipart body without its boundary, bytes that are not UTF-8
        raise Refused(400, f"the form could not be read: it is not well-formed "
                           f"{request.mimetype}.", "send the form again; if a program sent "
                           "it, check how it encodes the body.") from None
    check_posted(form, files, request.args)
