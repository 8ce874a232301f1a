"""A running server picks up a language and its font added after it started: no restart.

Reported: "A running server keeps serving 500s for a locale whose font was added after it
started." A language whose locale.toml names a font family fonts.toml does not list yet
is refused with a 409 naming the family (never a 500), and prints as soon as the family
and its files are added. ``STAT_INTERVAL=0`` looks for edited files on every request
(the server's default is once a second).
"""

from __future__ import annotations

import io
import pickle
import shutil
from pathlib import Path

from conftest import ROOT, po_path, with_shipped_fonts
from flask.testing import FlaskClient
from pypdf import PdfReader
from web_support import ALPHA_ES, JSON, json_of, make_app, pdf_text

from handouts.errors import FontError
from handouts.web.problems import problem_for

NEW = "pt"  # a language the fixture lacks; its text is the Spanish catalog's, relabelled
NAME = "português"  # how the front page and the API name it


def _client(project: Path) -> FlaskClient:
    with_shipped_fonts(project)  # a fonts/ folder of the copy's own, listing NotoSans only
    return make_app(project, STAT_INTERVAL=0).test_client()


def _add_language(project: Path, family: str) -> None:
    folder = project / "locales" / NEW
    shutil.copytree(project / "locales" / "es", folder)
    (folder / "locale.toml").write_text(f'fonts = ["{family}"]\n[review]\nstatus = "draft"\n',
                                        "utf-8")
    catalog = po_path(project, NEW)
    catalog.write_text(catalog.read_text("utf-8").replace("Language: es", f"Language: {NEW}"),
                       "utf-8")


def _add_family(project: Path, family: str, faces: dict[str, Path]) -> None:
    """Copy the files in first, then list them, as TRANSLATING.md says to."""
    fonts = project / "fonts"
    lines = [f"\n[{family}]"]
    for face, source in faces.items():
        shutil.copy(source, fonts / f"{family}-{face}.ttf")
        lines.append(f'{face} = "{family}-{face}.ttf"')
    with (fonts / "fonts.toml").open("a", encoding="utf-8") as manifest:
        manifest.write("\n".join(lines) + "\n")


def _codes(client: FlaskClient) -> list[str]:
    alpha = next(h for h in json_of(client.get("/api/handouts")) if h["name"] == "alpha")
    return [loc["code"] for loc in alpha["locales"]]


def _font_names(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def test_a_language_added_while_running_is_listed_then_prints_once_its_font_is_added(
        project: Path) -> None:
    client = _client(project)
    assert NEW not in _codes(client) and NAME not in client.get("/").text
    _add_language(project, "Extra")
    assert NEW in _codes(client), "a locale folder added after start is not listed"
    assert NAME in client.get("/").text
    refused = client.get(f"/handouts/alpha.pdf?locale={NEW}", headers=JSON)
    assert refused.status_code == 409, json_of(refused)
    problem = json_of(refused)
    assert "unknown font family Extra" in problem["error"]
    assert f"locales/{NEW}/locale.toml" in problem["error"] and "English" in problem["hint"]
    assert refused.cache_control.no_store
    html = client.get(f"/handouts/alpha.pdf?locale={NEW}")  # the desk's browser: a page
    assert html.status_code == 409 and "Extra" in html.text
    _add_family(project, "Extra", {"regular": ROOT / "fonts" / "NotoSans-Regular.ttf",
                                   "bold": ROOT / "fonts" / "NotoSans-Bold.ttf"})
    printed = client.get(f"/handouts/alpha.pdf?locale={NEW}")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert ALPHA_ES in pdf_text(printed.data)


def test_a_font_file_copied_after_the_list_names_it_prints_bold_without_a_restart(
        project: Path) -> None:
    client = _client(project)
    _add_language(project, "Extra")
    _add_family(project, "Extra", {"regular": ROOT / "fonts" / "NotoSans-Regular.ttf"})
    manifest = project / "fonts" / "fonts.toml"
    with manifest.open("a", encoding="utf-8") as fh:
        fh.write('bold = "Extra-bold.ttf"\n')  # listed before the file is there
    broken = client.get(f"/handouts/alpha.pdf?locale={NEW}", headers=JSON)
    assert broken.status_code == 503 and "Extra-bold.ttf" in json_of(broken)["error"]
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", project / "fonts" / "Extra-bold.ttf")
    printed = client.get(f"/handouts/alpha.pdf?locale={NEW}")
    assert printed.status_code == 200
    assert "NotoSans-Bold" in _font_names(printed.data), "headings printed without the bold face"


def test_a_font_file_replaced_while_running_is_used_by_the_next_print(project: Path) -> None:
    client = _client(project)
    _add_language(project, "Extra")
    _add_family(project, "Extra", {"regular": ROOT / "fonts" / "NotoSans-Regular.ttf"})
    form = {"locale": NEW, "patient_name": "김민준"}  # Hangul: not in Noto Sans
    assert client.post("/handouts/alpha.pdf", data=form, headers=JSON).status_code == 422
    shutil.copy(ROOT / "fonts" / "NanumGothic.ttf", project / "fonts" / "Extra-regular.ttf")
    printed = client.post("/handouts/alpha.pdf", data=form)
    assert printed.status_code == 200 and "김민준" in pdf_text(printed.data)


def test_the_refusal_survives_the_trip_back_from_a_render_process() -> None:
    """With --workers the error is pickled; it must still be the language's 409."""
    error = FontError("unknown font family Extra", path=Path("locales") / NEW / "locale.toml")
    problem = problem_for(pickle.loads(pickle.dumps(error)))
    assert problem.status == 409 and "Extra" in problem.message
    site = FontError("cannot load this font", path=Path("fonts") / "Extra-bold.ttf")
    assert problem_for(pickle.loads(pickle.dumps(site))).status == 503  # the site's to fix
