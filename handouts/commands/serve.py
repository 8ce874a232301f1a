"""``python generate.py serve``: the front-desk web page, for many desks at once.

Runs the Flask app under waitress (a production WSGI server; Flask's own
server is for development).  Listens on 127.0.0.1 unless told otherwise.
Logs one line per request (method, path, status, time): never a query
string, a form or a PDF, so patient details never reach a log.

Every option has an environment variable for its default (``HANDOUTS_HOST``,
``HANDOUTS_PORT``, ``HANDOUTS_WORKERS``, ``HANDOUTS_THREADS``; the project is
``HANDOUTS_HOME``), so a service unit or a container is configured the same way;
a flag on the command line wins.  The table is in docs/deployment.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from ..errors import UsageError
from ..project import default_project_dir
from ..web.guards import env_number
from .args import Parser

#: waitress limits. Requests are tiny forms; a PDF answer must never spill to a temporary
#: file (waitress writes output above ``outbuf_overflow`` to disk), so that limit is high.
MAX_REQUEST_BODY = 256 * 1024
OUTBUF_OVERFLOW = 64 * 1024 * 1024


def _env_int(name: str, default: int) -> int:
    """An option's default from the environment: a whole number, or a UsageError naming
    the variable (never a traceback); unset or blank keeps `default`."""
    value = os.environ.get(name, "").strip()
    return env_number(name, value) if value else default


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="generate.py serve",
                description="Run the front-desk web page (waitress). Open the address it "
                            "prints in a browser; stop it with Ctrl+C. Each option's default "
                            "can be set by the environment variable named in its help.")
    p.add_argument("--host", default=os.environ.get("HANDOUTS_HOST", "").strip() or "127.0.0.1",
                   help="address to listen on (default: %(default)s, this computer only; "
                        "0.0.0.0 for every network interface; env HANDOUTS_HOST)")
    p.add_argument("--port", type=int, default=_env_int("HANDOUTS_PORT", 8000),
                   help="port (default: %(default)s; env HANDOUTS_PORT)")
    p.add_argument("--threads", type=int, default=_env_int("HANDOUTS_THREADS", 16),
                   help="requests handled at once; a thread waiting for a render process "
                        "costs no CPU (default: %(default)s; env HANDOUTS_THREADS)")
    p.add_argument("--workers", type=int,
                   default=_env_int("HANDOUTS_WORKERS", os.cpu_count() or 1),
                   help="processes that render PDFs; 0 renders in the web process "
                        "(default: one per core, %(default)s; env HANDOUTS_WORKERS)")
    p.add_argument("--project", type=Path, default=default_project_dir(),
                   help="folder with templates/, locales/, fonts/ and brand/ "
                        "(default: %(default)s; env HANDOUTS_HOME)")
    return p


def _check(args: argparse.Namespace) -> None:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port number.",
                         hint="e.g. --port 8000 (or HANDOUTS_PORT=8000)")
    if args.threads < 1 or args.workers < 0:
        raise UsageError("--threads must be 1 or more and --workers 0 or more.")
    if not (args.project / "templates").is_dir():
        raise UsageError(f"{args.project} has no templates/ folder.",
                         hint="point --project at the folder with templates/, locales/, fonts/.")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _warm_name_fonts(build: Callable[[Path], object], project_dir: Path) -> None:
    """The first stylesheet's fonts (namefonts.py), made while the server starts
    listening; never a reason not to start (a bad font is left out there)."""
    with contextlib.suppress(Exception):
        build(project_dir)


def main(argv: list[str]) -> int:
    import waitress

    from ..web import create_app
    from ..web.namefonts import name_fonts

    args = parser().parse_args(argv)
    _check(args)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app({"PROJECT_DIR": args.project, "RENDER_WORKERS": args.workers,
                      "ACCESS_LOG": True})
    state = app.extensions["handouts"]
    entries = state.index.entries()  # fail now, not at the first desk, if a file is broken
    if entries:
        state.renderer.warm_up(entries[0], state.print_date())
    threading.Thread(target=_warm_name_fonts, args=(name_fonts, state.project_dir),
                     name="name-fonts", daemon=True).start()  # 0.6 s, not before listening
    try:
        server = waitress.create_server(
            app, host=args.host, port=args.port, threads=args.threads, ident="handouts",
            max_request_body_size=MAX_REQUEST_BODY, outbuf_overflow=OUTBUF_OVERFLOW,
            # behind a trusted proxy (PROXY_HOPS) its X-Forwarded-* headers must reach
            # ProxyFix; otherwise waitress drops them, as before
            clear_untrusted_proxy_headers=not app.config["PROXY_HOPS"])
    except OSError as exc:
        state.renderer.close()
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}.",
                         hint="another program may use that port: try --port 8080.") from None
    _announce(args, server.effective_port)
    signal.signal(signal.SIGTERM, _stop)  # a service manager's stop: shut down cleanly
    try:
        server.run()  # returns on Ctrl+C or SIGTERM: waitress catches the interrupt
    finally:
        server.close()
        state.renderer.close()
    print("Stopped.", file=sys.stderr)
    return 0


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _announce(args: argparse.Namespace, port: int) -> None:
    host = "localhost" if _is_loopback(args.host) else socket.gethostname()
    print(f"Patient handouts: open http://{host}:{port}/ in a browser "
          f"({args.threads} threads, {args.workers} render processes). Ctrl+C stops.",
          file=sys.stderr, flush=True)
    if not _is_loopback(args.host):
        print("Note: listening on the network. Allow only the hospital network to reach it.",
              file=sys.stderr, flush=True)
