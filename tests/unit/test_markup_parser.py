"""The markup parser: rendered handout XML -> the typed document model, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.document.markup import FURNITURE_KEYS, parse_document
from handouts.document.model import (
    Box,
    BulletList,
    Document,
    Field,
    Fields,
    FinePrint,
    Furniture,
    Paragraph,
    Run,
    Section,
    Steps,
    WriteIn,
)
from handouts.errors import ContentError

PATH = Path("templates/handouts/unit.xml.j2")
FURNITURE = ("<furniture><organization>Riverside Test Clinic</organization>"
             "<address>1 Example Road</address><copyright>© 2020 RTC</copyright>"
             "<notice>For non-commercial use only.</notice>"
             "<document>TST-001 · Version 2.1</document>"
             "<pagelabel>Page {page} of {pages}</pagelabel></furniture>")


def xml(body: str, furniture: str = FURNITURE) -> str:
    """A whole handout: title and subtitle on line 2, the body from line 3 on."""
    return f"<handout>\n<title>Title</title><subtitle>Sub</subtitle>\n{body}\n{furniture}\n" \
           f"</handout>"


def parse(body: str, **kwargs: object) -> Document:
    return parse_document(xml(body), path=PATH, lang="en", **kwargs)  # type: ignore[arg-type]


def only(body: str, **kwargs: object) -> object:
    document = parse(body, **kwargs)
    assert len(document.blocks) == 1
    return document.blocks[0]


def test_title_subtitle_furniture_lang_and_keywords() -> None:
    document = parse_document(xml("<p>x</p>"), path=PATH, lang="es", keywords=("rest",))
    assert document.lang == "es" and document.keywords == ("rest",)
    assert document.title == (Run("Title"),) and document.subtitle == (Run("Sub"),)
    assert document.furniture == Furniture(
        "Riverside Test Clinic", "1 Example Road", "© 2020 RTC", "For non-commercial use only.",
        "TST-001 · Version 2.1", "Page {page} of {pages}")


def test_optional_furniture_and_translation_line() -> None:
    extra = ("<status>Pending</status><draftnotice>Not checked</draftnotice>"
             "<legend>2 sentences</legend><translationline>Reviewed</translationline>")
    furniture = FURNITURE.replace("</furniture>", extra + "</furniture>")
    document = parse_document(xml("", furniture), path=PATH, lang="es")
    f = document.furniture
    assert f.document_line == "TST-001 · Version 2.1 · Reviewed"
    assert (f.status, f.draft_notice, f.legend) == ("Pending", "Not checked", "2 sentences")


def test_section_with_every_child_kind() -> None:
    block = only('<section id="rest"><h>How to rest</h><p>Rest.</p>'
                 '<ul><li>Water.</li><li>Sleep.</li></ul><ol><li>One.</li><li>Two.</li></ol>'
                 '<box kind="call"><h>Call</h><p>Now.</p></box>'
                 '<fields><field name="patient_name">Patient</field></fields>'
                 '<lines n="4"/></section>')
    assert block == Section("rest", (Run("How to rest"),), (
        Paragraph((Run("Rest."),)),
        BulletList(((Run("Water."),), (Run("Sleep."),))),
        Steps(((Run("One."),), (Run("Two."),))),
        Box("call", (Run("Call"),), (Paragraph((Run("Now."),)),)),
        Fields((Field("patient_name", (Run("Patient"),)),)),
        WriteIn(4),
    ))


@pytest.mark.parametrize("kind", ["urgent", "call", "note"])
def test_box_kinds(kind: str) -> None:
    block = only(f'<box kind="{kind}"><h>Heading</h><ul><li>Chest pain.</li></ul></box>')
    assert block == Box(kind, (Run("Heading"),), (BulletList(((Run("Chest pain."),),)),))


def test_fineprint_holds_paragraphs() -> None:
    block = only("<fineprint><p>General information.</p><p>Run by EHP.</p></fineprint>")
    assert block == FinePrint((Paragraph((Run("General information."),)),
                               Paragraph((Run("Run by EHP."),))))


@pytest.mark.parametrize("n,lines", [("4", 4), ("0", 1), ("99", 20)])
def test_lines_count_is_kept_within_a_page(n: str, lines: int) -> None:
    assert only(f'<lines n="{n}"/>') == WriteIn(lines)


def test_bold_break_and_untranslated_runs() -> None:
    block = only("<p>Rest for <b>two days</b><br/>then <untranslated>walk <b>slowly</b>"
                 "</untranslated>.</p>")
    assert block == Paragraph((
        Run("Rest for "), Run("two days", bold=True), Run("\n"), Run("then "),
        Run("walk ", untranslated=True), Run("slowly", bold=True, untranslated=True),
        Run("."),
    ))


def test_white_space_folds_but_no_break_spaces_survive() -> None:
    block = only("<p>\n   Take\t 2\u00a0mg \r\n  daily\u202fnow.  </p>")
    assert block == Paragraph((Run("Take 2\u00a0mg daily\u202fnow."),))


def test_text_is_nfc_normalized() -> None:
    block = only("<p>Cafe\u0301 <b>nin\u0303o</b></p>")
    assert isinstance(block, Paragraph)
    assert block.content == (Run("Café "), Run("niño", bold=True))


def test_field_values_come_from_values() -> None:
    block = only('<fields><field name="patient_name">Patient</field>'
                 '<field name="note">Note</field></fields>',
                 values={"patient_name": "Ana <b>López</b> & co", "unused": "x"})
    assert block == Fields((Field("patient_name", (Run("Patient"),), "Ana <b>López</b> & co"),
                            Field("note", (Run("Note"),), "")))


def assert_error(source: str, *words: str, line: int | None = None) -> ContentError:
    with pytest.raises(ContentError) as caught:
        parse_document(source, path=PATH, lang="en")
    error = caught.value
    assert error.path == PATH and str(PATH) in error.message
    assert error.exit_code == 5
    for word in words:
        assert word in error.message
    if line is not None:
        assert f"line {line}" in error.message
    return error


@pytest.mark.parametrize("body,words", [
    ("<table/>", ["<table>", "not allowed at the top"]),
    ('<p>See <img src="x.png"/></p>', ["<img>", "inside <p>"]),
    ('<p>See <a href="http://x">here</a></p>', ["<a>", "inside <p>"]),
    ('<box kind="note"><p>No heading.</p></box>', ["<box>", "heading <h>"]),
    ('<section id="s"><p>No heading.</p></section>', ["<section>", "heading <h>"]),
    ('<box kind="danger"><h>H</h></box>', ["'danger'", "call, note, urgent"]),
    ('<lines n="three"/>', ["<lines n=...>", "whole number"]),
    ("<ul><p>x</p></ul>", ["<ul>", "<li>"]),
    ("<fields><field>Patient</field></fields>", ['<field name="...">']),
    ('<section id="s"><h>H</h><section id="t"><h>I</h></section></section>',
     ["<section> is not allowed inside <section>"]),
    ('<box kind="note"><h>H</h><lines n="2"/></box>', ["<lines> is not allowed inside <box>"]),
])
def test_markup_errors_name_path_and_rendered_line(body: str, words: list[str]) -> None:
    assert_error(xml("\n\n" + body), *words, line=5)


def test_doctype_is_refused() -> None:
    source = '<!DOCTYPE handout [<!ENTITY x "boom">]>\n' + xml("<p>&x;</p>")
    assert_error(source, "DOCTYPE", "line 1")


def test_malformed_markup_names_the_rendered_line() -> None:
    error = assert_error(xml("<p>one</p>\n<p>salt & pepper</p>"), "malformed",
                         "rendered line 4", "near '<p>salt & pepper</p>'")
    assert error.hint  # tells the author what to do


def test_root_must_be_handout() -> None:
    assert_error("<document><p>x</p></document>", "<handout>", "<document>")


def test_missing_furniture_element() -> None:
    assert_error(xml("<p>x</p>", furniture=""), "<furniture>")


@pytest.mark.parametrize("key", FURNITURE_KEYS)
def test_each_missing_furniture_key_is_named(key: str) -> None:
    tag = f"<{key}>"
    start = FURNITURE.index(tag)
    end = FURNITURE.index(f"</{key}>") + len(tag) + 1
    assert_error(xml("<p>x</p>", FURNITURE[:start] + FURNITURE[end:]), "lacks", key)


def test_furniture_keys_are_the_documented_six() -> None:
    assert set(FURNITURE_KEYS) == {"organization", "address", "copyright", "notice",
                                   "document", "pagelabel"}
