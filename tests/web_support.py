"""Helpers the web tests share (the ``app`` and ``client`` fixtures are in conftest.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import FIXTURE, PRINT_DATE, flat, page_texts, po_path
from flask import Flask
from werkzeug.test import TestResponse

from handouts.web import create_app
from handouts.web.cache import BlobCache

JSON = {"Accept": "application/json"}
ALPHA_ES = "Descanse dos días después de la prueba."  # a sentence of alpha's body, in Spanish
BETA_REVIEW_DUE = dt.date(2028, 1, 15)  # beta's review (2026-01-15) plus 730 days


def make_app(project: Path = FIXTURE, **config: Any) -> Flask:
    """The app over a project, with the fixed print date (never today's)."""
    return create_app({"PROJECT_DIR": project, "PRINT_DATE": PRINT_DATE, **config})


def make_incomplete(project: Path, locale: str) -> None:
    """Replace the language's shared catalog with one that translates nothing: every
    handout lacks its labels and page furniture."""
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Language: {locale}\\n"\n')
    po_path(project, locale, "shared").write_text(header, "utf-8")


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of white space as one space (fields wrap)."""
    return flat(" ".join(page_texts(data)))


def result_links(html: str) -> list[str]:
    """The handouts the search page links to, in order."""
    return re.findall(r'href="/handouts/(\w+)[?"]', html)


def json_of(response: TestResponse) -> Any:
    """The JSON body (an answer that is not JSON fails the test)."""
    data = response.get_json()
    assert data is not None, response.mimetype
    return data


def cache_of(app: Flask) -> BlobCache:
    cache: BlobCache = app.extensions["handouts"].renderer.cache
    return cache


@contextlib.contextmanager
def serving(app: Flask, **options: Any) -> Iterator[str]:
    """The app under waitress on a free loopback port, in a background thread; its
    address. Close browsers first, so their open connections let the server stop."""
    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4, **options)
    closing = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:  # its sockets closed under a select() in flight: the stop asked for
            if not closing.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    finally:
        closing.set()
        server.task_dispatcher.shutdown()  # type: ignore[union-attr]
        server.close()
        thread.join(5)
