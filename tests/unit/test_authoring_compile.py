"""The authoring format (AUTHORING.md) compiled to handout markup, on in-memory text.

Each test compiles a small ``.md`` text, then either renders it through a
minimal layout and parses the result into the document model (what prints),
or extracts its messages with the Babel extractor (what translators see).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from handouts.document.authoring import compile_handout
from handouts.document.build import message_markup
from handouts.document.markup import parse_document
from handouts.document.model import (
    Block,
    Box,
    BulletList,
    Paragraph,
    Run,
    Section,
    Steps,
    WriteIn,
)
from handouts.document.rules import EXTENSIONS, POLICIES
from handouts.errors import ContentError
from handouts.i18n.extract import extract_markdown
from handouts.i18n.messages import COMMENT_TAGS

PATH = Path("templates/handouts/unit.md")
FRONT = '+++\nid = "TST-009"\nversion = "1.0"\n+++\n'  # lines 1-4
LAYOUT = ("<handout><title>{% block title %}{% endblock %}</title>"
          "<subtitle>{% block subtitle %}{% endblock %}</subtitle>"
          "{% block body %}{% endblock %}<furniture><organization>O</organization>"
          "<address>A</address><copyright>C</copyright><notice>N</notice>"
          "<document>D</document><pagelabel>P</pagelabel></furniture></handout>")
BRAND = {"name": "Riverside & Co", "phone_day": "202-555-0100",
         "phone_after_hours": "_" * 16}


def md(body: str) -> str:
    """A handout: the metadata on lines 1-4, then `body` from line 5 on."""
    return FRONT + body


def render(body: str) -> tuple[Any, ...]:
    """Compile and render through a minimal layout: (title, subtitle, blocks)."""
    env = SandboxedEnvironment(loader=DictLoader({"layout/base.xml.j2": LAYOUT,
                                                  "unit.md": compile_handout(md(body), PATH)}),
                               undefined=StrictUndefined, autoescape=True,
                               extensions=list(EXTENSIONS))
    env.policies.update(POLICIES)
    env.newstyle_gettext = True  # type: ignore[attr-defined]

    def gettext(message: str, **variables: Any) -> str:
        return message_markup(message) % variables

    xml = env.get_template("unit.md").render(_=gettext, gettext=gettext, brand=BRAND)
    document = parse_document(xml, path=PATH, lang="en")
    return document.title, document.subtitle, document.blocks


def blocks(body: str) -> tuple[Block, ...]:
    return render("# T\n\n" + body)[2]


def messages(text: str) -> list[tuple[int, str, list[str]]]:
    """(line, msgid, translator comments) as the extractor gives them."""
    fileobj = io.BytesIO(text.encode())
    return [(line, message if isinstance(message, str) else message[0], comments)
            for line, _, message, comments in extract_markdown(
                fileobj, ["_", "gettext", "ngettext"], list(COMMENT_TAGS), {})]


def refused(body: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        compile_handout(md(body), PATH)
    return caught.value


def test_title_subtitle_and_every_block() -> None:
    title, subtitle, found = render(
        "# Kyphoplasty\nA treatment for the spine\n\nBefore the first section.\n\n"
        "## What is it?\n\nYour spine is a stack\nof small bones.\n\n"
        "- One **bold** word.\n- A long item\n  that continues.\n\n"
        "1. First.\n2. Second.\n\n[lines 3]\n\n"
        "::: urgent\n## Get help\n**Call 911 if you have:**\n- Chest pain.\n:::\n")
    assert title == (Run("Kyphoplasty"),) and subtitle == (Run("A treatment for the spine"),)
    assert found == (
        Paragraph((Run("Before the first section."),)),
        Section("what-is-it", (Run("What is it?"),), (
            Paragraph((Run("Your spine is a stack of small bones."),)),
            BulletList(((Run("One "), Run("bold", True), Run(" word.")),
                        (Run("A long item that continues."),))),
            Steps(((Run("First."),), (Run("Second."),))),
            WriteIn(3))),
        Box("urgent", (Run("Get help"),), (
            Paragraph((Run("Call 911 if you have:", True),)),
            BulletList(((Run("Chest pain."),),)))))


def test_text_prints_as_typed() -> None:
    found = blocks("Up to ______ pounds & 95% of <people> >= 1.\n")
    assert found == (Paragraph((Run("Up to ______ pounds & 95% of <people> >= 1."),)),)


def test_placeholders_print_the_brand_values() -> None:
    found = blocks("Call {organization} at {phone_day}; at night {phone_after_hours}.\n")
    assert found == (Paragraph((Run("Call Riverside & Co at 202-555-0100; at night "
                                    + "_" * 16 + "."),)),)


def test_bold_with_placeholders_whole_or_in_part() -> None:
    found = blocks("**Call {phone_day} now.**\n\nOr **{organization}** at night.\n")
    assert found == (Paragraph((Run("Call 202-555-0100 now.", True),)),
                     Paragraph((Run("Or "), Run("Riverside & Co", True), Run(" at night."))))


def test_sections_end_at_the_next_heading_or_box_and_ids_are_unique() -> None:
    found = blocks("## Notes\nA.\n\n## Notes\nB.\n\n::: note\n## Box\nC.\n:::\n\nD.\n")
    assert [type(b).__name__ for b in found] == ["Section", "Section", "Box", "Paragraph"]
    assert [b.id for b in found if isinstance(b, Section)] == ["notes", "notes-2"]


def test_blank_lines_between_items_keep_one_list_and_kinds_split_lists() -> None:
    found = blocks("- a\n\n- b\n1. c\n")
    assert found == (BulletList(((Run("a"),), (Run("b"),))), Steps(((Run("c"),),)))


def test_every_output_line_comes_from_the_same_input_line() -> None:
    text = md("# T\nSub\n\n## H\n\nA para\nthat wraps.\n\n- x\n  y\n\n[lines 2]\n")
    compiled = compile_handout(text, PATH)
    assert compiled.count("\n") == text.count("\n")
    lines = compiled.split("\n")
    assert lines[3].startswith("+++ #}{% extends")
    assert "<h>" in lines[7] and "<p>" in lines[9] and lines[10] == ""
    assert "<ul><li>" in lines[12] and "<lines" in lines[15]


def test_one_message_per_block_with_its_line_and_translator_note() -> None:
    found = messages(md(
        "<!-- Translators: the procedure's name. -->\n# Kyphoplasty\nFor the spine\n\n"
        "## Before\n\nA paragraph\non two lines.\n\n"
        "<!-- Translators: a note that is long\n     and wraps. -->\n"
        "- First item.\n<!-- Translators: second. -->\n- Second\n  item.\n"
        "1. Step with 95% and {phone_day}.\n\n"
        "::: call\n## Call us\n**Whole bold**, then not.\n\n**All bold.**\n:::\n"))
    assert found == [
        (6, "Kyphoplasty", ["the procedure's name."]),
        (7, "For the spine", []),
        (9, "Before", []),
        (11, "A paragraph on two lines.", []),
        (16, "First item.", ["a note that is long and wraps."]),
        (18, "Second item.", ["second."]),
        (20, "Step with 95%% and %(phone_day)s.", []),
        (23, "Call us", []),
        (24, "<b>Whole bold</b>, then not.", []),
        (26, "All bold.", []),
    ]


def test_a_closing_comment_mark_in_the_metadata_stays_in_the_comment() -> None:
    text = '+++\nid = "TST-009" # not #} the end\nversion = "1.0"\n+++\n# T\n'
    assert messages(text) == [(5, "T", [])]


@pytest.mark.parametrize("body,line,words", [
    ("Text first.\n# T\n", 5, "starts with its title"),
    ("", 1, "no title"),
    ("# T\n\n# Again\n", 7, "one title (line 5)"),
    ("# T\nSub\nMore sub\n", 7, "subtitle is one line"),
    ("# T\n\n### Small\n", 7, "not a title or heading"),
    ("# T\n\n#Heading\n", 7, "not a title or heading"),
    ("# T\n\nCall {{ brand.name }}.\n", 7, "template code"),
    ("# T\n\nA {% if x %} b\n", 7, "template code"),
    ("# T\n\nA {# x #} b\n", 7, "template code"),
    ("# T\n\nCall {phone}.\n", 7, "did you mean {phone_day}"),
    ("# T\n\nCall {organisation}.\n", 7, "did you mean {organization}"),
    ("# T\n\nA { brace.\n", 7, "brace"),
    ("# T\n\nSome **bold.\n", 7, "not closed"),
    ("# T\n\nA <b>tag</b>.\n", 7, "tags"),
    ("# T\n\nA <!-- x --> b.\n", 7, "own"),
    ("# T\n\n::: urgent\nNo heading.\n:::\n", 8, "opened on line 7 must start"),
    ("# T\n\n::: urgent\n:::\n", 8, "must start with its heading"),
    ("# T\n\n::: urgent\n## H\n## Again\n:::\n", 9, "one heading"),
    ("# T\n\n::: urgent\n## H\n", 7, "never closed"),
    ("# T\n\n::: urgent\n## H\n::: note\n", 9, "cannot be nested"),
    ("# T\n\n:::\n", 7, "no box is open"),
    ("# T\n\n::: urgnet\n## H\n:::\n", 7, "did you mean `::: urgent`"),
    ("# T\n\n::: urgent\n## H\n[lines 2]\n:::\n", 9, "cannot go in a box"),
    ("# T\n\n[lines 0]\n", 7, "from 1 to 20"),
    ("# T\n\n[lines three]\n", 7, "[lines 3]"),
    ("# T\n\n- item\nnot indented\n", 8, "indent it by two spaces"),
    ("# T\n\n- item\n  - nested\n", 8, "cannot be nested"),
    ("# T\n\n- item\n\n  more\n", 9, "a list item is one paragraph"),
    ("# T\n\n* star\n", 7, "start a bullet with `- `"),
    ("# T\n\n-\n", 7, "no text"),
    ("# T\n\n1. One.\n3. Three.\n", 8, "step 2 is numbered 3"),
    ("# T\n\n2. Two.\n", 7, "step 1 is numbered 2"),
    ("# T\n\n<!-- Translators: open\n", 7, "never closed"),
    ("# T\n\n<!-- note --> text\n", 7, "after -->"),
    ("# T\n\n<!-- translator: x -->\n", 7, "`Translators:` exactly"),
])
def test_refusals_name_the_line(body: str, line: int, words: str) -> None:
    error = refused(body)
    assert error.line == line and error.path == PATH
    assert words in error.show(), error.show()  # the message or its hint
    assert f"unit.md:{line}:" in error.show() and len(error.show().splitlines()) <= 3


@pytest.mark.parametrize("text,words", [
    ("# T\n", "starts with its metadata"),
    ('+++\nid = "TST-009"\n# T\n', "never closed"),
])
def test_metadata_block_is_required(text: str, words: str) -> None:
    with pytest.raises(ContentError, match=words) as caught:
        compile_handout(text, PATH)
    assert caught.value.line == 1


def test_windows_line_endings_keep_the_lines() -> None:
    text = md("# T\nSub\n\n## H\nA\nB.\n").replace("\n", "\r\n")
    assert [line for line, _, _ in messages(text)] == [5, 6, 8, 9]


BODY_LINES = st.lists(st.one_of(
    st.sampled_from(["", "## H", "- item", "  more", "1. one", "::: note", ":::",
                     "[lines 2]", "<!-- Translators: x -->", "**b** c", "{phone_day}"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)),
    max_size=12)


@settings(max_examples=300, deadline=None)
@given(BODY_LINES)
def test_any_text_compiles_line_for_line_or_is_refused(lines: list[str]) -> None:
    """Whatever is typed, the result is a template Jinja parses, with the same line
    count, or a ContentError naming a line of the file; never template code let through."""
    text = md("# T\n\n" + "\n".join(lines) + "\n")
    try:
        compiled = compile_handout(text, PATH)
    except ContentError as error:
        assert error.line is not None and 1 <= error.line <= text.count("\n") + 1
        return
    assert compiled.count("\n") == text.count("\n")
    env = SandboxedEnvironment(extensions=list(EXTENSIONS))
    env.parse(compiled)  # no syntax error
    assert compiled.count("{{") == compiled.count("{{ phone_day }}")
