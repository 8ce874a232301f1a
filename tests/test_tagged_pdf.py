"""Every PDF is tagged: a screen reader gets the handout in reading order.

Checked with tools we did not write: poppler's ``pdfinfo`` (Tagged, the structure
tree with its text), pikepdf (catalog entries, content streams) and the ``pdfua``
package (the machine-checkable PDF/UA-1 rules).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pytest
from conftest import render
from tagcheck import (
    is_subsequence,
    model_text,
    pdfua_findings,
    reading_letters,
    run_together,
    struct_text,
    tree_letters,
    untagged_content,
    validator_failures,
    written_in_tree_order,
)

from handouts.options import Personal


def pdfinfo(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout


VARIANTS = {"normal": {}, "large": {"large_print": True}, "bilingual": {"bilingual": True},
            "draft": {"draft": True},
            "personal": {"personal": Personal(patient_name="Zebediah Quillfeather",
                                              clinician="Dr. Amara Okafor")}}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_tagged_in_reading_order_and_nothing_left_untagged(variant: str) -> None:
    result = render(locale="es", **VARIANTS[variant])  # type: ignore[arg-type]
    assert "Tagged:          yes" in pdfinfo(result.pdf)
    assert untagged_content(result.pdf) == []
    assert pdfua_findings(result.pdf) == []
    assert validator_failures(result.pdf) == []
    assert run_together(result.pdf, model_text(result.document)) == [], "words apart"
    assert min(written_in_tree_order(result.pdf)) >= (0.8 if variant == "personal" else 1.0), \
        "content written in reading order (a patient's details are added to page 1 last)"
    tree = tree_letters(result.pdf)
    said = reading_letters(model_text(result.document))
    if variant == "bilingual":  # each block, then its English: both in order
        english = render(locale="en")
        assert is_subsequence(said, tree)
        assert is_subsequence(reading_letters(model_text(english.document, False)), tree)
    else:
        assert said in tree, "the tree reads the handout's text, in order, without gaps"
    if variant == "personal":
        assert reading_letters("Zebediah Quillfeather") in tree


def test_the_tree_has_headings_lists_a_figure_and_the_pdf_ua_entries() -> None:
    result = render(locale="en")
    text = struct_text(result.pdf)
    for role in ("Document", "Figure", "H1", "Sect", "H2", "L (block)", "LI (block)",
                 "Lbl (block)", "LBody (block)", "P (block)"):
        assert role in text, role
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(root.Lang) == "en"
        figure = _find(root.StructTreeRoot.K, "/Figure")
        assert figure is not None and str(figure.Alt) == "Riverside Test Clinic"
        numbering = {str(e.A.ListNumbering) for e in _elements(root.StructTreeRoot.K)
                     if str(e.S) == "/L"}
        assert numbering == {"/Disc", "/Decimal"}, "bullets and numbered steps say which"
        with document.open_metadata() as xmp:
            assert xmp["dc:title"].startswith("Resting after a test")
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


def test_the_english_of_a_bilingual_copy_says_it_is_english() -> None:
    result = render(locale="es", bilingual=True)
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        langs = [str(e.Lang) for e in _elements(document.Root.StructTreeRoot.K)
                 if "/Lang" in e]
        assert str(document.Root.Lang) == "es"
    assert langs and set(langs) == {"en"}, "only the English column carries a language"


def test_page_furniture_is_read_once() -> None:
    """The document line and the translation notice are in the tree once, from page 1;
    on every other page they are artifacts."""
    result = render(locale="es", large_print=True)
    assert result.pages > 1
    text = struct_text(result.pdf)
    notice = result.document.furniture.draft_notice
    assert notice and text.count("TST-001") == 1
    assert text.count(notice.split()[0] + " " + notice.split()[1]) == 1


def _elements(kids: object) -> list[pikepdf.Dictionary]:
    found, todo = [], [kids]
    while todo:
        item = todo.pop()
        if isinstance(item, pikepdf.Array):
            todo.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item and "/P" in item:
            found.append(item)
            todo.append(item.get("/K"))
    return found


def _find(kids: object, role: str) -> pikepdf.Dictionary | None:
    return next((e for e in _elements(kids) if str(e.S) == role), None)


def test_a_name_in_another_script_says_so(scripts_project: Path) -> None:
    """A Latin name typed on a Hindi handout is marked und-Latn, so a screen reader
    reads it with a Latin voice; a Devanagari name is not marked."""
    def value_langs(name: str) -> set[str]:
        result = render(locale="hi", project_dir=scripts_project,
                        personal=Personal(patient_name=name))
        with pikepdf.open(io.BytesIO(result.pdf)) as document:
            return {str(e.Lang) for e in _elements(document.Root.StructTreeRoot.K)
                    if "/Lang" in e}
    assert value_langs("Zebediah Quillfeather") == {"und-Latn"}
    assert value_langs("राधा शर्मा") == set()
