"""Generated bad input (issue 12): Hypothesis writes catalog entries, template snippets,
brand values and form fields; whatever it writes, the answer is a page or a message.

For every example: no traceback, no 500, an exit code of the input's kind, and no
lost text: when a translation is accepted, every word of it is on the page
(pdftotext, an outside reader).  Derandomized, so CI runs the same examples every
time; the corpus (tests/bad_inputs.py) keeps the ones that found bugs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE, copy_project, flat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_support import make_app

from handouts.commands.cli import main

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
#: Characters translators and pasted text bring: letters of several scripts, marks that
#: mean something to gettext, XML or the layout, controls and odd code points.
ALPHABET = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs", "Cc", "Cf",
                                                    "Co", "Cn"))
TRICKY = st.sampled_from(["%", "%%", "%(x)s", "<", ">", "&", "<b>", "</b>", "<br/>", "\\",
                          '"', "'", "{{", "}}", "{%", "\n", "\t", " ", "\u200f", "\ufeff"])
TEXT = st.lists(st.one_of(st.text(ALPHABET, max_size=8), TRICKY), max_size=12).map("".join)


@pytest.fixture(scope="module")
def base() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="handouts-properties-"))
    yield copy_project(FIXTURE, folder / "base")
    shutil.rmtree(folder, ignore_errors=True)


def fresh(base: Path) -> Path:
    """A throwaway copy of the fixture project (fonts linked, as copy_project does)."""
    target = Path(tempfile.mkdtemp(prefix="handouts-example-")) / "p"
    copy_project(base, target)
    return target


def render(project: Path, locale: str, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, Path]:
    monkeypatch.setenv("HANDOUTS_HOME", str(project))
    output = project / "out.pdf"
    code = main(["alpha", "--locale", locale, "--print-date", "2026-11-23",
                 "--output", str(output)])
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err, output


def po_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))


def page_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return flat(done.stdout)


@settings(SETTINGS, max_examples=60)
@given(text=TEXT)
def test_any_translation_prints_whole_or_is_refused(text: str, base: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = fresh(base)
    po = project / "locales" / "es" / "LC_MESSAGES" / "alpha.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "Beba agua."',
                                                f'msgstr "{po_escape(text)}"'), "utf-8")
    code, err, output = render(project, "es", capsys, monkeypatch)
    assert code in (0, 8, 9), err
    if code:
        assert "alpha.po" in err or "U+" in err, err  # blamed on the catalog
        assert not output.exists()
        return
    visible = re.sub(r"</?b>|<br/?>", " ", text).replace("%%", "%")
    words = [w for w in re.findall(r"\w+", visible) if len(w) > 1]
    on_page = page_text(output)
    missing = [w for w in words if w not in on_page]
    assert not missing, (text, missing)  # no lost text


SNIPPETS = st.lists(st.sampled_from([
    "{{ ", " }}", "{% ", " %}", "_(", ")", '"x"', "'y'", "range(", "100000", "for i in ",
    "endfor", "if ", "endif", "macro m()", "endmacro", "m()", "*", "**", "9", "[1]", ".",
    "__class__", "attr", "|", "upper", "join", "~", "loop.index", "<p>", "</p>", "<b>", "%",
    "trans", "endtrans", "set x = ", "x", "lipsum(", "cycler(", "namespace(", "self",
    "super()", "caller()", "-", "+", ",", " "]), max_size=14).map("".join)


@SETTINGS
@given(snippet=SNIPPETS)
def test_any_template_snippet_renders_or_is_a_message(snippet: str, base: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = fresh(base)
    template = project / "templates" / "handouts" / "alpha.xml.j2"
    template.write_text(template.read_text("utf-8").replace(
        "{% block body %}", "{% block body %}" + snippet, 1), "utf-8")
    code, err, _ = render(project, "en", capsys, monkeypatch)
    assert code in (0, 5), err
    if code:
        assert "alpha.xml.j2" in err and len(err.splitlines()) <= 20, err


BRAND_KEYS = st.sampled_from(["name", "holder", "notice", "primary", "year", "paper", "logo"])
VALUES = st.one_of(st.text(ALPHABET, max_size=40).map(lambda t: f'"{po_escape(t)}"'),
                   st.integers().map(str), st.booleans().map(str).map(str.lower),
                   st.lists(st.integers(), max_size=3).map(str), st.just("[unclosed"),
                   st.just('"#FFFFFF"'), st.just('"../../etc/passwd"'),
                   st.text(ALPHABET, max_size=600).map(lambda t: f'"""{t}"""'))


@SETTINGS
@given(key=BRAND_KEYS, value=VALUES)
def test_any_brand_value_prints_or_is_a_message(key: str, value: str, base: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = fresh(base)
    brand = project / "brand" / "brand.toml"
    pattern = re.compile(rf'(?ms)^{key} = (""".*?"""|[^\n]*)$')
    text = brand.read_text("utf-8")
    assert pattern.search(text), key
    brand.write_text(pattern.sub(lambda m: f"{key} = {value}", text, count=1), "utf-8")
    code, err, _ = render(project, "en", capsys, monkeypatch)
    assert code in (0, 6, 9), err  # 9: a character no font has, quoted in the message
    if code == 6:
        assert "brand.toml" in err, err
    if code == 9:
        assert "Missing characters" in err and "U+" in err, err


FIELDS = st.fixed_dictionaries({}, optional={
    "patient_name": TEXT, "clinician": TEXT, "note": st.one_of(TEXT, TEXT.map(lambda t: t * 30)),
    "procedure_date": st.one_of(TEXT, st.dates().map(str)),
    "locale": st.sampled_from(["en", "es", "xx", "zh-TW", "../es", ""]),
    "large_print": st.sampled_from(["1", "0", "yes", "2", ""]),
    "paper": st.sampled_from(["a4", "letter", "legal", "A5", ""])})


@SETTINGS
@given(form=FIELDS)
def test_any_form_prints_or_says_which_field(form: dict[str, str]) -> None:
    client = make_app().test_client()
    answer = client.post("/handouts/alpha.pdf", data=form,  # as a browser sends a form
                         content_type="application/x-www-form-urlencoded",
                         headers={"Accept": "application/json"})
    assert answer.status_code in (200, 400, 404, 409, 422), answer.data[:300]
    if answer.status_code == 200:
        name = form.get("patient_name", "").strip()
        if name and all(c.isalnum() or c == " " for c in name):
            assert "".join(name.split()) in "".join(page_text_of(answer.data).split())
        return
    assert answer.get_json()["error"]


def page_text_of(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        return page_text(Path(fh.name))
