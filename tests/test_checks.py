"""Each catalog check catches a crafted bad catalog; the gate refuses what it must."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import ROOT, flat, page_texts, render
from pypdf import PdfReader

from handouts.commands.cli import main
from handouts.document.handout import find_handout
from handouts.errors import IncompleteTranslationError, UnsafeTranslationError
from handouts.i18n.checks import check_locale
from handouts.i18n.locales import available_locales

PAGE = "Page %(page)s of %(pages)s"
WALKS = "Take short walks."


def edit_catalog(project: Path, code: str, change: Callable[..., None]) -> Path:
    path = project / "locales" / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=76)
    return path


def findings(project: Path, code: str = "es") -> list[object]:
    settings = available_locales(project / "locales")[code]
    return check_locale(settings, find_handout("vertebroplasty", project / "templates"), project)


def set_string(msgid: str, value: str) -> Callable[..., None]:
    def change(catalog: object) -> None:
        catalog[msgid].string = value  # type: ignore[index]
    return change


@pytest.mark.parametrize("msgid,bad,kind,words", [
    (PAGE, "Página %(pagina)s de %(pages)s", "placeholder", "pagina"),
    (WALKS, "Camine 7 % halten.", "placeholder", "lone %"),
    (WALKS, 'Camine <img src="/etc/passwd"/> poco.', "markup", "<img/>"),
    (WALKS, "Camine <b>poco.", "markup", "inline tags differ"),
    (WALKS, 'Camine <a href="x">poco</a>.', "markup", "not allowed"),
    (WALKS, "Camine \ud55c poco.", "glyph", "U+D55C"),
    (WALKS, "Camine 100 % despacio.", "placeholder", "lone % in"),
    ("© %(year)s %(holder)s. All rights reserved.", "© %(year)s %(holder)s. Todos.", None, None),
])
def test_check_catches_bad_translation(project_copy: Path, msgid: str, bad: str,
                                       kind: str | None, words: str | None) -> None:
    po = edit_catalog(project_copy, "es", set_string(msgid, bad))
    if kind is None:  # a control: a fine translation passes
        assert findings(project_copy) == []
        return
    found = [f for f in findings(project_copy) if f.kind == kind]  # type: ignore[attr-defined]
    assert len(found) == 1, findings(project_copy)
    finding = found[0]
    shown = finding.show()  # type: ignore[attr-defined]
    assert words in shown and str(po) in shown and "[es]" in shown and msgid[:20] in shown
    assert finding.line > 1  # type: ignore[attr-defined]
    with pytest.raises(UnsafeTranslationError):
        render(locale="es", project_dir=project_copy)
    with pytest.raises(UnsafeTranslationError):  # not even as a draft
        render(locale="es", project_dir=project_copy, draft=True)


def test_fuzzy_and_untranslated_block_printing_but_not_a_draft(project_copy: Path) -> None:
    def change(catalog: object) -> None:
        catalog[WALKS].string = ""  # type: ignore[index]
        catalog["Trouble breathing."].flags.add("fuzzy")  # type: ignore[index]
    edit_catalog(project_copy, "es", change)
    kinds = sorted(f.kind for f in findings(project_copy))  # type: ignore[attr-defined]
    assert kinds == ["fuzzy", "missing"]
    with pytest.raises(IncompleteTranslationError) as info:
        render(locale="es", project_dir=project_copy)
    assert WALKS in info.value.message and "Trouble breathing." in info.value.message
    assert "1 untranslated and 1 fuzzy" in info.value.message
    draft = render(locale="es", project_dir=project_copy, draft=True)
    text = flat(" ".join(page_texts(draft.pdf)))
    assert WALKS in text and "Trouble breathing." in text, "draft shows the source, marked"
    assert "DRAFT" in text and "untranslated>" not in text
    assert draft.pdf.count(b"/Type /Page\n") == draft.pages


def test_draft_watermark_leaves_header_and_footer_level(project_copy: Path) -> None:
    edit_catalog(project_copy, "es", set_string(WALKS, ""))
    draft = render(locale="es", project_dir=project_copy, draft=True)
    angles: dict[str, float] = {}

    def visitor(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for key in ("DRAFT", "Página 1", "900 23rd Street"):
            if key in text:
                angles[key] = abs(cm[1] * tm[0] + cm[3] * tm[1])  # sine of the rotation
    PdfReader(io.BytesIO(draft.pdf)).pages[0].extract_text(visitor_text=visitor)
    assert angles["DRAFT"] > 0.5, "the watermark is diagonal"
    assert angles["Página 1"] < 0.01 and angles["900 23rd Street"] < 0.01


def test_cli_gate_message_names_the_strings(project_copy: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    edit_catalog(project_copy, "es", set_string(WALKS, ""))
    code = main(["vertebroplasty", "--locale", "es", "--output",
                 str(project_copy / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 8 and WALKS in err and "--draft" in err and "Traceback" not in err
    assert not (project_copy / "x.pdf").exists()


def test_names_and_addresses_stay_as_written(project_copy: Path) -> None:
    with (project_copy / "locales/es/LC_MESSAGES/messages.po").open("rb") as fh:
        ownership = next(m for m in read_po(fh) if m.id.startswith("The George Washington"))
    changed = ownership.string.replace("Universal Health Services, Inc. (UHS)",
                                       "Servicios Universales de Salud")
    edit_catalog(project_copy, "es", set_string(ownership.id, changed))
    found = [f for f in findings(project_copy) if f.kind == "name"]  # type: ignore[attr-defined]
    assert len(found) == 1 and "Universal Health Services" in found[0].problem  # type: ignore[attr-defined]


def test_same_as_source_is_only_a_warning(project_copy: Path) -> None:
    edit_catalog(project_copy, "es", set_string(WALKS, WALKS))
    found = findings(project_copy)
    assert [f.severity for f in found] == ["warning"]  # type: ignore[attr-defined]
    render(locale="es", project_dir=project_copy)  # still prints


def test_a_translators_edit_shows_on_the_next_render(project_copy: Path) -> None:
    before = flat(" ".join(page_texts(render(locale="es", project_dir=project_copy).pdf)))
    edit_catalog(project_copy, "es", set_string(WALKS, "Dé paseos cortos cada día."))
    after = flat(" ".join(page_texts(render(locale="es", project_dir=project_copy).pdf)))
    assert "Dé paseos cortos cada día." in after and after != before


def test_new_template_text_is_refused_until_catalogs_are_updated(project_copy: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<li>{% trans %}Take short walks.{% endtrans %}</li>",
                                 "<li>{% trans %}Take short walks.{% endtrans %}</li>\n"
                                 "    <li>{% trans %}Drink plenty of water.{% endtrans %}</li>"),
                    encoding="utf-8")
    with pytest.raises(IncompleteTranslationError, match="Drink plenty of water"):
        render(locale="es", project_dir=project_copy)
    found = [f for f in findings(project_copy) if f.kind == "missing"]  # type: ignore[attr-defined]
    assert "i18n update" in found[0].problem  # type: ignore[attr-defined]


def test_shipped_catalogs_pass_gnu_msgfmt_check() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install gettext (msgfmt)")
        pytest.skip("GNU gettext is not installed")
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/messages.po")):
        result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{po}: {result.stderr}"


def test_shipped_catalogs_have_no_errors() -> None:
    for code in ("es", "fr", "vi", "ko", "am", "zh_Hans", "zh_Hant"):
        errors = [f for f in findings(ROOT, code) if f.severity == "error"]  # type: ignore[attr-defined]
        assert errors == [], code


LEGEND = "%(count)s sentence is not translated yet: it is printed in English, highlighted."


@pytest.mark.parametrize("code,one,two", [
    ("es", "1 frase todavía no está traducida", "2 frases todavía no están traducidas"),
    ("fr", "1 phrase n’est pas encore traduite", "2 phrases ne sont pas encore traduites"),
    ("zh_Hans", "有 1 个句子尚未翻译", "有 2 个句子尚未翻译"),
])
def test_draft_legend_uses_the_catalogs_plural_forms(project_copy: Path, code: str, one: str,
                                                     two: str) -> None:
    edit_catalog(project_copy, code, set_string(WALKS, ""))
    text = flat(page_texts(render(locale=code, project_dir=project_copy, draft=True).pdf)[0])
    assert one in text
    edit_catalog(project_copy, code, set_string("Trouble breathing.", ""))
    text = flat(page_texts(render(locale=code, project_dir=project_copy, draft=True).pdf)[0])
    assert two in text


def test_each_plural_form_is_checked(project_copy: Path) -> None:
    def change(catalog: object) -> None:
        entry = catalog[LEGEND]  # type: ignore[index]
        entry.string = (entry.string[0], "%(cuenta)s frases sin traducir.")
    edit_catalog(project_copy, "es", change)
    found = [f for f in findings(project_copy) if f.kind == "placeholder"]  # type: ignore[attr-defined]
    assert len(found) == 1 and "cuenta" in found[0].problem  # type: ignore[attr-defined]
    def empty(catalog: object) -> None:
        entry = catalog[LEGEND]  # type: ignore[index]
        entry.string = (entry.string[0], "")
    edit_catalog(project_copy, "es", empty)
    assert [f.kind for f in findings(project_copy)] == ["missing"]  # type: ignore[attr-defined]
