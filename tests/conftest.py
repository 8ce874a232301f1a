"""Shared fixtures: render helpers, PDF readers, and a scratch copy of the project."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.options import RenderOptions
from handouts.pipeline import Rendered, render_pdf
from handouts.project import default_project_dir

PRINT_DATE = dt.date(2026, 11, 23)
ROOT = default_project_dir()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-references", action="store_true",
                     help="write new reference images next to the old ones as *.new.png "
                          "(git ignores them; rename by hand after looking at them)")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def render(handout: str = "vertebroplasty", **kwargs: object) -> Rendered:
    kwargs.setdefault("print_date", PRINT_DATE)
    return render_pdf(RenderOptions(handout=handout, **kwargs))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def english() -> Rendered:
    return render(locale="en")


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, for phrase searches."""
    return " ".join(text.split())


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the project's data (fonts linked), used as HANDOUTS_HOME."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("templates", "locales", "brand"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "fonts").symlink_to(ROOT / "fonts")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")  # the Babel mapping
    monkeypatch.setenv("HANDOUTS_HOME", str(copy))
    return copy


RenderFn = Callable[..., Rendered]
