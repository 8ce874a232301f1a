"""The front-desk web page: find a handout, choose a language, print it.

``create_app(config)`` builds the Flask app; ``python generate.py serve``
runs it under waitress.  Nothing happens at import time.

Configuration keys (all optional):

``PROJECT_DIR``      folder with templates/, locales/, fonts/, brand/
``PRINT_DATE``       a fixed ``datetime.date`` printed on handouts (tests); default today
``RENDER_WORKERS``   render processes; 0 renders in the request thread (default)
``CACHE_MAX_BYTES``  memory for unpersonalized PDFs and previews (default 64 MiB)
``CACHE_MAX_ENTRIES`` most files kept (default 512)
``PREVIEW_DPI``      resolution of the page-1 preview (default 60)
``ACCESS_LOG``       log one line per request: method, route, status, time (logs.py)
``STAT_INTERVAL``    seconds between looks for edited files (default 1; 0 looks every request)
``ALLOWED_HOSTS``    host names the server answers to (list, or one string split at commas);
                     empty (the default) answers to any; env ``HANDOUTS_ALLOWED_HOSTS``
``PRINTERS``         CUPS queues the page prints to, "queue=Label" separated by commas (or a
                     list); env ``HANDOUTS_PRINTERS``; empty (the default): the PDF opens in
                     the browser instead (printing.py, docs/printing.md)
``API_KEY``          when set, a POST from a program (not from this site's page) must send
                     ``Authorization: Bearer <key>``; env ``HANDOUTS_API_KEY``; default off
``PROXY_HOPS``       reverse proxies in front of the server whose X-Forwarded-For, -Proto,
                     -Host and -Prefix headers are trusted (werkzeug's ProxyFix), so links
                     and the host check use the proxy's address and sub-path (e.g.
                     https://intranet/handouts/); env ``HANDOUTS_PROXY_HOPS``; default 0,
                     trust none (docs/deployment.md)

Security checks (host, other sites' forms, the key, the body) are in guards.py,
the headers on every answer in headers.py, what is logged in logs.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..document.brand import Brand
from ..errors import HandoutError
from ..project import default_project_dir
from .branding import bp as brand_bp
from .cache import BlobCache
from .fhir import plain_accept
from .forms import PERSONAL_FIELDS
from .guards import StrictRequest, from_environment, from_the_page, register_guards
from .headers import add_security_headers
from .index import IndexCache
from .logs import log_access, logged_route, start_timer, withhold_waitress_paths
from .printing import parse_printers
from .problems import (
    Problem,
    for_program,
    http_problem,
    problem_for,
    redacted_trace,
    unexpected_problem,
    without_paths,
)
from .renderer import Renderer
from .stamps import ProjectStamp
from .views import AppState, bp

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "PRINT_DATE": None,
    "RENDER_WORKERS": 0,
    "CACHE_MAX_BYTES": 64 * 1024 * 1024,
    "CACHE_MAX_ENTRIES": 512,
    "PREVIEW_DPI": 60.0,
    "ACCESS_LOG": False,
    "STAT_INTERVAL": 1.0,
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a form is a few hundred bytes; never spool to disk
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "ALLOWED_HOSTS": (),  # any host, as before; IT should name the server's own
    "API_KEY": None,
    "PRINTERS": (),
    "PROXY_HOPS": 0,  # no proxy trusted: forwarded headers are ignored
}
ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class HandoutsApp(Flask):
    """Flask, with a strict form parser and an exception log without raw paths."""

    request_class = StrictRequest

    def log_exception(self, exc_info: ExcInfo) -> None:
        """Flask's own log of an error no handler caught, without the path or message."""
        trace = redacted_trace(exc_info[1]) if exc_info[1] is not None else ""
        log.error("unhandled error on %s %s\n%s", request.method, logged_route(500), trace)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app, with its own cache and (lazily started) render processes."""
    app = HandoutsApp(__name__)
    app.config.update(DEFAULTS)
    app.config.update(from_environment(os.environ))
    app.config.update(config or {})
    project_dir = Path(app.config.get("PROJECT_DIR") or default_project_dir())
    fixed: dt.date | None = app.config["PRINT_DATE"]

    def print_date() -> dt.date:
        return fixed or dt.date.today()

    cache = BlobCache(app.config["CACHE_MAX_BYTES"], app.config["CACHE_MAX_ENTRIES"])
    stamp = ProjectStamp(project_dir, app.config["STAT_INTERVAL"])
    app.extensions["handouts"] = AppState(
        project_dir=project_dir,
        index=IndexCache(stamp, print_date),
        renderer=Renderer(stamp, cache, app.config["RENDER_WORKERS"], app.config["PREVIEW_DPI"]),
        print_date=print_date,
        printers=parse_printers(app.config["PRINTERS"]),
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # "español", not "espa\u00f1ol"
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.register_blueprint(bp)
    app.register_blueprint(brand_bp)
    register_guards(app)
    _register_errors(app)
    _register_headers(app)
    withhold_waitress_paths()
    _trust_proxies(app, int(app.config["PROXY_HOPS"] or 0))
    return app


def _trust_proxies(app: Flask, hops: int) -> None:
    """Behind `hops` reverse proxies, take the client, scheme, host and sub-path from
    their X-Forwarded-* headers.  ProxyFix wraps the WSGI app, so it rewrites the
    environ (HTTP_HOST, SCRIPT_NAME) before any before_request guard sees the request:
    ALLOWED_HOSTS is checked against the forwarded host, the name the browser used."""
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=hops, x_prefix=hops)


def wants_json() -> bool:
    """API paths, and clients that prefer JSON (or FHIR's JSON) to HTML, get errors as JSON."""
    if request.path.startswith("/api/"):
        return True
    best = plain_accept().best_match(["text/html", "application/json",
                                      "application/fhir+json", "application/json+fhir"])
    return best not in (None, "text/html")


def respond(problem: Problem) -> Response:
    project_dir = current_app.extensions["handouts"].project_dir
    problem = without_paths(problem, (project_dir, project_dir.resolve()))
    if wants_json():  # a program's hints; the page's own Print button keeps the desk's
        response = jsonify((problem if from_the_page() else for_program(problem)).as_json())
    else:
        html = render_template("error.html", problem=problem, brand=_brand_or_none(),
                               from_form=request.method == "POST")
        response = Response(html, mimetype="text/html")
    response.status_code = problem.status
    response.cache_control.no_store = True  # an error may quote what was typed
    return response


def _brand_or_none() -> Brand | None:
    """The brand for the page header, unless the brand file is what is broken."""
    try:
        brand: Brand = current_app.extensions["handouts"].brand()
    except HandoutError:
        return None
    return brand


def _register_errors(app: Flask) -> None:
    @app.errorhandler(HandoutError)
    def handout_error(exc: HandoutError) -> Response:
        typed = {name: request.form.get(name, "") for name in PERSONAL_FIELDS} \
            if request.method == "POST" else None
        return respond(problem_for(exc, typed))  # not logged: may quote a handout's text

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        response = respond(http_problem(exc))
        for name, value in exc.get_headers():  # Allow (405), WWW-Authenticate (401)
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.error("unexpected error on %s %s\n%s", request.method, logged_route(500),
                  redacted_trace(exc))
        return respond(unexpected_problem())


def _register_headers(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def headers(response: Response) -> Response:
        add_security_headers(response)
        if app.config["ACCESS_LOG"]:  # the route only: never the raw path or the query
            log_access(response.status_code)
        return response
