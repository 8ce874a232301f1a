"""Shared fixtures: the small test project, render helpers, PDF readers.

Behaviour tests run against ``tests/fixture/``: a made-up clinic, two short
handouts (``alpha`` TST-001, pending review; ``beta`` TST-002, reviewed), two
locales (``en``, ``es``) and its own copies of Noto Sans (with Arabic,
Devanagari and symbol families).  ``scripts_project`` adds Arabic and Hindi
catalogs from ``tests/scripts/`` for the shaping and right-to-left tests.
``with_shipped_fonts`` adds the shipped families for tests about other
scripts.  Tests over the shipped content
(``tests/shipped/``) are parametrized over whatever ships, so adding a
handout or a language never breaks a test.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import socket
import subprocess
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from handouts.options import RenderOptions
from handouts.pipeline import Rendered, render_pdf
from handouts.project import default_project_dir

PRINT_DATE = dt.date(2026, 11, 23)
ROOT = default_project_dir()  # the shipped project (or HANDOUTS_HOME)
FIXTURE = Path(__file__).resolve().parent / "fixture"
PROJECT_PARTS = ("templates", "locales", "brand")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-references", action="store_true",
                     help="write new reference images next to the old ones as *.new.png "
                          "(git ignores them; rename by hand after looking at them)")


def render(handout: str = "alpha", **kwargs: object) -> Rendered:
    """Render a fixture handout (or, with project_dir=..., any project's)."""
    kwargs.setdefault("print_date", PRINT_DATE)
    kwargs.setdefault("project_dir", FIXTURE)
    return render_pdf(RenderOptions(handout=handout, **kwargs))  # type: ignore[arg-type]


def saved_on_windows(path: Path, kind: str) -> None:
    """The file as a Windows editor may save it: CR LF line ends ("crlf"), a byte-order
    mark ("bom"), both ("bom+crlf"); or an old Mac's lone CRs ("cr")."""
    text = path.read_text("utf-8")
    ends = {"crlf": "\r\n", "bom": "\n", "bom+crlf": "\r\n", "cr": "\r"}[kind]
    data = text.replace("\n", ends).encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + data if kind.startswith("bom") else data)


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                     "\u2066\u2067\u2068\u2069"))


def reading_texts(pdf: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it: right-to-left lines in logical
    order, shaped clusters from /ActualText; NFKC (Arabic presentation forms become
    letters) and without the direction marks poppler adds. The DRAFT watermark,
    drawn diagonally, is left out: page_texts has it."""
    out = subprocess.run([poppler_pdftotext(), "-", "-"], input=pdf, capture_output=True,
                         check=True)
    text = "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufeff" else c
                   for c in out.stdout.decode())  # presentation forms, "ﬁ" ligatures
    return text.translate(_BIDI_MARKS).split("\f")[:-1]


def without_harakat(text: str) -> str:
    """Arabic without its optional vowel marks (shadda, fatha...). poppler reads a raised
    mark as a glyph of its own and places it by its own rules (a line apart, or after
    the next mark), so text is compared letter by letter; the marks are checked
    against HarfBuzz's glyphs instead (test_shaped_scripts.py)."""
    return "".join(c for c in text if not ("\u064b" <= c <= "\u065f" or c == "\u0670"))


def letters(text: str) -> str:
    """Only letters, marks and digits, in order: poppler puts a neutral (":", "?", ".")
    next to a number or at the end of a left-to-right line on a right-to-left page
    where its own heuristics say, so phrases are compared without them."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, for phrase searches."""
    return " ".join(text.split())


def copy_project(source: Path, target: Path) -> Path:
    """A scratch copy of a project's data that a test may edit (fonts linked, not copied)."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        shutil.copytree(source / name, target / name)
    (target / "fonts").symlink_to(source / "fonts")
    shutil.copy(source / "pyproject.toml", target / "pyproject.toml")  # the Babel mapping
    return target


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the fixture project, used as HANDOUTS_HOME (so the CLI sees it)."""
    copy = copy_project(FIXTURE, tmp_path / "project")
    monkeypatch.setenv("HANDOUTS_HOME", str(copy))
    return copy


SCRIPTS = Path(__file__).resolve().parent / "scripts"


@pytest.fixture
def scripts_project(project: Path) -> Path:
    """The fixture project plus Arabic and Hindi (``tests/scripts/``): scripts that
    need shaping, and one that runs right to left. Complete machine drafts."""
    for folder in SCRIPTS.iterdir():
        shutil.copytree(folder, project / "locales" / folder.name)
    return project


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the shipped project, used as HANDOUTS_HOME."""
    copy = copy_project(ROOT, tmp_path / "shipped")
    monkeypatch.setenv("HANDOUTS_HOME", str(copy))
    return copy


@pytest.fixture(scope="session", autouse=True)
def index_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index's disk cache (library_cache.py) goes to a scratch folder, never the
    user's ~/.cache; subprocesses the tests start inherit it."""
    folder = tmp_path_factory.mktemp("index-cache")
    os.environ["HANDOUTS_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def english() -> Rendered:
    """The fixture's first handout in English."""
    return render(locale="en")


def with_shipped_fonts(project: Path, *families: str) -> None:
    """Give the copy a font list naming shipped families too, by relative path."""
    fonts = project / "fonts"
    fonts.unlink()  # the copy's link to the fixture's fonts: never write through it
    fonts.mkdir()
    rel = Path(os.path.relpath(ROOT / "fonts", fonts)).as_posix()
    shipped = tomllib.loads((ROOT / "fonts" / "fonts.toml").read_text("utf-8"))
    (fonts / "fonts.toml").write_text("".join(
        f"[{name}]\n" + "".join(f'{face} = "{rel}/{value}"\n'
                                for face, value in shipped[name].items()
                                if face in ("regular", "bold"))
        for name in ("NotoSans", *families)), "utf-8")


def required_tool(name: str, package: str) -> str:
    """A program's path (from the Debian package named): skipped locally without it, a
    failure in CI, whose .ci/run installs it."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {package} ({name})")
        pytest.skip(f"{package} ({name}) is not installed")
    return found


def poppler_pdftotext() -> str:
    """poppler's pdftotext, an outside reader of our PDFs."""
    return required_tool("pdftotext", "poppler-utils")


def msgfmt() -> str:
    """GNU msgfmt's path."""
    return required_tool("msgfmt", "gettext")


def po_path(project: Path, code: str, catalog: str = "alpha") -> Path:
    """A language's catalog: a handout's (the fixture's first, by default) or "shared"."""
    return project / "locales" / code / "LC_MESSAGES" / f"{catalog}.po"


def catalog_of(project: Path, code: str, msgid: str) -> Path:
    """The catalog of a language that holds a message (a handout's or the shared one)."""
    from babel.messages.pofile import read_po

    for path in sorted((project / "locales" / code / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            if msgid in read_po(fh):
                return path
    raise AssertionError(f"no {code} catalog in {project} holds {msgid!r}")


RenderFn = Callable[..., Rendered]


@pytest.fixture(scope="module")
def app() -> Flask:
    """The web app over the fixture, with a fixed print date and the access log on."""
    from handouts.web import create_app

    return create_app({"PROJECT_DIR": FIXTURE, "PRINT_DATE": PRINT_DATE, "ACCESS_LOG": True})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def needs(reason: str, what: str) -> None:
    """Skip a test that needs a missing tool (``reason`` says which) on a developer's
    machine; in CI, where .ci/run installs every tool, fail instead: CI never skips."""
    if reason and os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the {what}, never skip it")
    if reason:
        pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
