"""What the server writes to its log, and what it never does.

Logged: one access line per request (with ``ACCESS_LOG``): the method, the
route with only known values filled in, the status and the time taken, e.g.
``POST /handouts/alpha.pdf 200 85 ms``.  The path as typed is never logged:
a handout name that matches no handout is shown as the route's pattern
(``GET /handouts/<ref>.pdf 404``) and a path that matches no route as
``(no such page)``, so a name typed into an address never reaches the log.
Never logged: a query string, a form, a header, a PDF, an error's message
(it may quote what was typed).  Unexpected errors: the route and a stack
without the exception's message (problems.redacted_trace).

waitress logs the raw path of a request whose client went away or whose
answer failed ("Client disconnected while serving /..."):
:class:`WithholdPaths` cuts that path from its messages.
"""

from __future__ import annotations

import logging
import re
import time

from flask import g, request

log = logging.getLogger("handouts.web")
NO_ROUTE = "(no such page)"
_ARGUMENT = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
_SERVING = re.compile(r"(while (?:serving|servicing)) .*", re.DOTALL)


def logged_route(status: int) -> str:
    """The request's route for the log: the handout's own name for ``<ref>`` when it names
    one, the other values only when the answer succeeded, the pattern otherwise."""
    rule = request.url_rule
    if rule is None:
        return NO_ROUTE
    known = {"ref": g.handout} if g.get("handout") else {}
    values = {**(request.view_args or {}), **known} if status < 400 else known

    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return str(value) if value is not None else match.group(0)
    return _ARGUMENT.sub(fill, rule.rule)


def start_timer() -> None:
    g.started = time.perf_counter()


def log_access(status: int) -> None:
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    log.info("%s %s %s %.0f ms", request.method, logged_route(status), status, elapsed)


class WithholdPaths(logging.Filter):
    """Drops the request path waitress puts in its messages (it may hold a name)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SERVING.search(message):
            record.msg, record.args = _SERVING.sub(r"\1 (path withheld)", message), None
        return True


def withhold_waitress_paths() -> None:
    """Install the filter on waitress's logger, once (safe to call for every app)."""
    waitress = logging.getLogger("waitress")
    if not any(isinstance(f, WithholdPaths) for f in waitress.filters):
        waitress.addFilter(WithholdPaths())
