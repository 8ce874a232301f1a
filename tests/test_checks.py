"""Each catalog check catches a crafted bad catalog; the gate refuses what it must.

Runs on a scratch copy of the fixture project (``project``): its Spanish
catalog is complete and clean, so each test breaks one entry on purpose.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURE, catalog_of, flat, msgfmt, page_texts, po_path, render
from pypdf import PdfReader

from handouts.commands.cli import main
from handouts.document.handout import find_handout
from handouts.errors import IncompleteTranslationError, UnsafeTranslationError
from handouts.i18n.checks import Finding, check_locale
from handouts.i18n.locales import available_locales

PAGE = "Page %(page)s of %(pages)s"
SLEEP = "Sleep well."  # only in alpha
CHEST = "Chest pain."  # only in alpha
LEGEND = "%(count)s sentence is not translated yet: it is printed in English, highlighted."
OWNERSHIP = "Riverside Test Clinic is run by Example Health Partners."


def edit_catalog(project: Path, code: str, change: Callable[[Catalog], None],
                 msgid: str | None = None) -> Path:
    """Change the catalog that holds `msgid` (default: the one set_string names)."""
    path = catalog_of(project, code, msgid or getattr(change, "msgid", SLEEP))
    with path.open("rb") as fh:
        catalog = read_po(fh)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=76)
    return path


def findings(project: Path, handout: str = "alpha", code: str = "es") -> list[Finding]:
    settings = available_locales(project / "locales")[code]
    return check_locale(settings, find_handout(handout, project / "templates"), project)


def set_string(msgid: str, value: str) -> Callable[[Catalog], None]:
    def change(catalog: Catalog) -> None:
        catalog[msgid].string = value
    change.msgid = msgid  # type: ignore[attr-defined]
    return change


def text_of(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def test_the_fixture_catalog_is_clean_for_every_handout() -> None:
    """The starting point every other test breaks one entry of."""
    for handout in ("alpha", "beta"):
        assert findings(FIXTURE, handout) == [], handout


@pytest.mark.parametrize("msgid,bad,kind,words", [
    (PAGE, "Página %(pagina)s de %(pages)s", "placeholder", "pagina"),
    (SLEEP, "Duerma 7 % halten.", "placeholder", "lone %"),
    (SLEEP, 'Duerma <img src="/etc/passwd"/> bien.', "markup", "<img/>"),
    (SLEEP, "Duerma <b>bien.", "markup", "inline tags differ"),
    (SLEEP, 'Duerma <a href="x">bien</a>.', "markup", "not allowed"),
    (SLEEP, "Duerma \ud55c bien.", "glyph", "U+D55C"),
    (SLEEP, "Duerma 100 % tranquilo.", "placeholder", "lone % in"),
    ("© %(year)s %(holder)s. All rights reserved.", "© %(year)s %(holder)s. Todos.", None, None),
])
def test_check_catches_bad_translation(project: Path, msgid: str, bad: str,
                                       kind: str | None, words: str | None) -> None:
    po = edit_catalog(project, "es", set_string(msgid, bad))
    if kind is None or words is None:  # a control: a fine translation passes
        assert findings(project) == []
        return
    found = [f for f in findings(project) if f.kind == kind]
    assert len(found) == 1, findings(project)
    finding = found[0]
    shown = finding.show()
    assert words in shown and str(po) in shown and "[es]" in shown and msgid[:20] in shown
    assert finding.line > 1
    with pytest.raises(UnsafeTranslationError):
        render(locale="es", project_dir=project)
    with pytest.raises(UnsafeTranslationError):  # not even as a draft
        render(locale="es", project_dir=project, draft=True)


def test_fuzzy_and_untranslated_block_printing_but_not_a_draft(project: Path) -> None:
    def change(catalog: Catalog) -> None:
        catalog[SLEEP].string = ""
        catalog[CHEST].flags.add("fuzzy")
    edit_catalog(project, "es", change)
    assert sorted(f.kind for f in findings(project)) == ["fuzzy", "missing"]
    with pytest.raises(IncompleteTranslationError) as info:
        render(locale="es", project_dir=project)
    assert SLEEP in info.value.message and CHEST in info.value.message
    assert "1 untranslated and 1 fuzzy" in info.value.message
    draft = render(locale="es", project_dir=project, draft=True)
    text = text_of(draft.pdf)
    assert SLEEP in text and CHEST in text, "the draft shows the source, marked"
    assert "Duerma bien." not in text and "Dolor en el pecho." not in text
    assert "DRAFT" in text and "untranslated>" not in text
    assert len(page_texts(draft.pdf)) == draft.pages


def test_draft_watermark_leaves_header_and_footer_level(project: Path) -> None:
    edit_catalog(project, "es", set_string(SLEEP, ""))
    draft = render(locale="es", project_dir=project, draft=True)
    angles: dict[str, float] = {}

    def visitor(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for key in ("DRAFT", "Página 1", "1 Example Road"):
            if key in text:
                angles[key] = abs(cm[1] * tm[0] + cm[3] * tm[1])  # sine of the rotation
    PdfReader(io.BytesIO(draft.pdf)).pages[0].extract_text(visitor_text=visitor)
    assert angles["DRAFT"] > 0.5, "the watermark is diagonal"
    assert angles["Página 1"] < 0.01 and angles["1 Example Road"] < 0.01


def test_cli_gate_message_names_the_strings(project: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    edit_catalog(project, "es", set_string(SLEEP, ""))
    code = main(["alpha", "--locale", "es", "--output", str(project / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 8 and SLEEP in err and "--draft" in err and "Traceback" not in err
    assert not (project / "x.pdf").exists()


def test_names_in_keep_as_is_stay_as_written(project: Path) -> None:
    renamed = "Riverside Test Clinic está a cargo de Socios de Salud de Ejemplo."
    edit_catalog(project, "es", set_string(OWNERSHIP, renamed))
    found = [f for f in findings(project) if f.kind == "name"]
    assert len(found) == 1 and "Example Health Partners" in found[0].problem
    with pytest.raises(UnsafeTranslationError, match="Example Health Partners"):
        render(locale="es", project_dir=project)


def test_same_as_source_is_only_a_warning(project: Path) -> None:
    edit_catalog(project, "es", set_string(SLEEP, SLEEP))
    found = findings(project)
    assert [(f.severity, f.kind) for f in found] == [("warning", "same")]
    assert SLEEP in text_of(render(locale="es", project_dir=project).pdf), "still prints"


def test_a_translators_edit_shows_on_the_next_render(project: Path) -> None:
    before = text_of(render(locale="es", project_dir=project).pdf)
    assert "Duerma bien." in before
    edit_catalog(project, "es", set_string(SLEEP, "Duerma bien cada noche."))
    after = text_of(render(locale="es", project_dir=project).pdf)
    assert "Duerma bien cada noche." in after and "Duerma bien. " not in after


def test_new_template_text_is_refused_until_catalogs_are_updated(project: Path) -> None:
    path = project / "templates/handouts/alpha.xml.j2"
    text = path.read_text(encoding="utf-8")
    old = "<li>{% trans %}Sleep well.{% endtrans %}</li>"
    assert old in text
    path.write_text(text.replace(old, old + "\n    <li>{% trans %}Eat fruit.{% endtrans %}</li>"),
                    encoding="utf-8")
    with pytest.raises(IncompleteTranslationError, match="Eat fruit"):
        render(locale="es", project_dir=project)
    found = [f for f in findings(project) if f.kind == "missing"]
    assert len(found) == 1 and found[0].msgid == "Eat fruit."
    assert "i18n update" in found[0].problem


@pytest.mark.parametrize("catalog", ["alpha", "beta", "shared"])
def test_the_fixture_catalogs_pass_gnu_msgfmt_check(catalog: str) -> None:
    po = po_path(FIXTURE, "es", catalog)
    result = subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{po}: {result.stderr}"


def test_draft_legend_uses_the_catalogs_plural_forms(project: Path) -> None:
    edit_catalog(project, "es", set_string(SLEEP, ""))
    text = flat(page_texts(render(locale="es", project_dir=project, draft=True).pdf)[0])
    assert "1 frase todavía no está traducida: se imprime en inglés, resaltada." in text
    edit_catalog(project, "es", set_string(CHEST, ""))
    text = flat(page_texts(render(locale="es", project_dir=project, draft=True).pdf)[0])
    assert "2 frases todavía no están traducidas: se imprimen en inglés, resaltadas." in text


def test_each_plural_form_is_checked(project: Path) -> None:
    def plural(other: str) -> Callable[[Catalog], None]:
        def change(catalog: Catalog) -> None:
            entry = catalog[LEGEND]
            assert isinstance(entry.string, tuple)
            entry.string = (entry.string[0], other)
        return change
    edit_catalog(project, "es", plural("%(cuenta)s frases sin traducir."), LEGEND)
    found = [f for f in findings(project) if f.kind == "placeholder"]
    assert len(found) == 1 and "cuenta" in found[0].problem
    edit_catalog(project, "es", plural(""), LEGEND)
    assert [(f.kind, f.msgid) for f in findings(project)] == [("missing", LEGEND)]


def _in_english(document: object) -> set[str]:
    """The texts a draft marks as still in English (model.Run.untranslated)."""
    import dataclasses

    from handouts.document import model

    found: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, model.Run):
            if node.untranslated:
                found.add(node.text)
        elif isinstance(node, (tuple, list)):
            for item in node:
                visit(item)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for field in dataclasses.fields(node):
                visit(getattr(node, field.name))

    visit(document)
    return found


def test_a_translation_the_same_as_english_on_purpose_is_flagged_so(project: Path) -> None:
    """French "Patient" is French: with the flag `#, ignore-same` (Weblate's name) the
    check does not warn and a draft does not mark it as still in English."""
    def same(catalog: Catalog) -> None:
        catalog[SLEEP].string = SLEEP
    edit_catalog(project, "es", same, SLEEP)
    assert SLEEP in _in_english(render(locale="es", draft=True, project_dir=project).document)

    def on_purpose(catalog: Catalog) -> None:
        catalog[SLEEP].flags.add("ignore-same")
    path = edit_catalog(project, "es", on_purpose, SLEEP)
    assert "#, ignore-same" in path.read_text("utf-8")
    assert [f.kind for f in findings(project)] == []
    assert SLEEP not in _in_english(render(locale="es", draft=True,
                                           project_dir=project).document)
    assert SLEEP in text_of(render(locale="es", project_dir=project).pdf), "still prints"
