"""Translation checkers, one (English, translation) pair at a time, and whole catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from handouts.i18n.checks import (
    CHECKERS,
    CheckContext,
    Finding,
    check_catalog,
    entry_findings,
)
from handouts.i18n.messages import SourceMessage

PO = Path("locales/es/LC_MESSAGES/alpha.po")
PROTECTED = ("Example Health Partners",)


def missing_hangul(text: str) -> list[str]:
    """A font chain without Korean: Hangul syllables cannot be drawn."""
    return sorted({c for c in text if "\uac00" <= c <= "\ud7a3"})


CTX = CheckContext(missing_hangul, ("NotoSans",), PROTECTED)

#: kind -> (msgid, bad translation, words of the problem); one for every registered checker.
BAD: dict[str, tuple[str, str, str]] = {
    "placeholder": ("Page %(page)s of %(pages)s", "Página %(pagina)s de %(pages)s", "pagina"),
    "markup": ("Take short walks.", 'Camine <img src="x"/> poco.', "<img/>"),
    "glyph": ("Take short walks.", "Camine \ud55c poco.", "U+D55C"),
    "name": ("Run by Example Health Partners.", "Dirigido por Ejemplo Socios de Salud.",
             "'Example Health Partners'"),
    "length": ("Walk.", "Camine " * 100, "700 characters"),
    "character": ("Take short walks.", "Camine\x00 poco.", "U+0000"),
}
#: kind -> (msgid, good translation): what each checker must let through.
GOOD: dict[str, tuple[str, str]] = {
    "placeholder": ("Page %(page)s of %(pages)s", "%(pages)s páginas, esta es %(page)s"),
    "markup": ("Rest <b>two days</b>.<br/>Then walk.", "Descanse <b>dos días</b>.<br/>Camine."),
    "glyph": ("Take short walks.", "Camine poco, señor."),
    "name": ("Run by Example Health Partners.", "Dirigido por Example Health Partners."),
    "length": ("Walk.", "Camine despacio, sin prisa, por la casa y el jardín."),
    "character": ("Take short walks.", "Camine poco:\tdespacio, ¿sí? \u00e9\u0301 \u200d."),
}


@pytest.mark.parametrize("msgstr", ["Espere <una hora> y beba agua.", "Tome <5 mg> al día.",
                                    "Beba agua & jugo; 3 < 5 > 2."])
def test_angle_brackets_in_ordinary_text_are_not_markup(msgstr: str) -> None:
    assert CHECKERS["markup"]("Wait an hour, then drink water.", msgstr, CTX) is None


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\ufffe", "\uffff", "\ue000", "\ud800",
                                       "\u0378"])  # ... private use, a surrogate, unassigned
def test_unprintable_characters_are_found(character: str) -> None:
    problem = CHECKERS["character"]("Walk.", f"Camine{character}.", CTX)
    assert problem is not None and f"U+{ord(character):04X}" in problem


def test_every_checker_has_examples() -> None:
    assert set(BAD) == set(CHECKERS) == set(GOOD)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_checker_reports_its_bad_example(kind: str) -> None:
    msgid, msgstr, words = BAD[kind]
    problem = CHECKERS[kind](msgid, msgstr, CTX)
    assert problem is not None and words in problem
    others = {k for k, check in CHECKERS.items() if check(msgid, msgstr, CTX)}
    assert others == {kind}, "each example trips exactly its own checker"


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_checker_accepts_a_good_translation(kind: str) -> None:
    msgid, msgstr = GOOD[kind]
    assert [k for k, check in CHECKERS.items() if check(msgid, msgstr, CTX)] == []


@pytest.mark.parametrize("msgid,msgstr,words", [
    ("Keep 7%% of it.", "7 % halten.", "lone %"),
    ("Take short walks.", "Camine 100 % despacio.", "lone %"),
    ("Page %(page)s of %(pages)s", "Página %(page)s de %(pages)s %", "lone %"),
    ("Page %(page)s of %(pages)s", "Página %(page)s", "missing: pages"),
    ("Page %(page)s", "Página %(page)s %(page)s", "placeholders differ"),
    ("Page %(page)s", "Página %(page)d", "does not format"),
    ("Page %(page)s", "Página %s", "lone %"),
])
def test_placeholder_problems(msgid: str, msgstr: str, words: str) -> None:
    problem = CHECKERS["placeholder"](msgid, msgstr, CTX)
    assert problem is not None and words in problem


@pytest.mark.parametrize("msgid,msgstr", [
    ("Keep 7%% of it.", "7 %% halten."),
    ("%(count)s%% done", "%(count)s%% hecho"),
    # The lone-% advice says "write %% for a percent sign"; following it must pass.
    ("Take short walks.", "Camine 100%% despacio."),
])
def test_double_percent_is_a_percent_sign(msgid: str, msgstr: str) -> None:
    assert CHECKERS["placeholder"](msgid, msgstr, CTX) is None


@pytest.mark.parametrize("msgid,msgstr,words", [
    ("Rest <b>two days</b>.", "Descanse <b>dos días.", "inline tags differ"),
    ("Rest two days.", "Descanse <b>dos</b> días.", "inline tags differ"),
    ("Rest.", '<a href="http://x">Descanse</a>.', "not allowed"),
    ("Rest.", "<font color=red>Descanse</font>.", "not allowed"),
    ("Rest.", "Descanse <img src=x>", "<img>"),
])
def test_markup_problems(msgid: str, msgstr: str, words: str) -> None:
    problem = CHECKERS["markup"](msgid, msgstr, CTX)
    assert problem is not None and words in problem


def test_glyph_problem_names_each_missing_character_and_the_fonts() -> None:
    problem = CHECKERS["glyph"]("Hello", "\ud55c\uad6d Hola", CTX)
    assert problem is not None
    assert "U+D55C" in problem and "U+AD6D" in problem and "NotoSans" in problem


def findings(message: Message, ctx: CheckContext = CTX) -> list[tuple[str, str]]:
    return [(severity, kind) for severity, kind, _ in entry_findings(message, ctx)]


def test_entry_untranslated_is_only_missing() -> None:
    assert findings(Message("Drink water.", "")) == [("error", "missing")]


def test_entry_fuzzy_is_an_error_and_still_checked() -> None:
    message = Message("Page %(page)s", "Página %(pagina)s", flags=["fuzzy"])
    assert findings(message) == [("error", "fuzzy"), ("error", "placeholder")]


def test_entry_plural_with_one_empty_form_is_missing() -> None:
    message = Message(("%(num)s sentence", "%(num)s sentences"), ("%(num)s frase", ""))
    assert findings(message) == [("error", "missing")]


def test_entry_plural_forms_are_each_checked() -> None:
    ok = Message(("%(num)s sentence", "%(num)s sentences"), ("%(num)s frase", "%(num)s frases"))
    assert findings(ok) == []
    bad = Message(("%(num)s sentence", "%(num)s sentences"), ("%(num)s frase", "frases"))
    assert findings(bad) == [("error", "placeholder")]


def test_entry_same_as_source_is_a_warning_only_for_words() -> None:
    assert findings(Message("Drink water.", "Drink water.")) == [("warning", "same")]
    assert findings(Message("%(id)s · %(version)s", "%(id)s · %(version)s")) == []
    assert findings(Message("OK", "OK")) == []


def test_entry_unformatted_message_skips_placeholder_checks() -> None:
    message = Message("Run by 100% volunteers.", "Dirigido por 100% voluntarios.")
    assert findings(message) == [("error", "placeholder")]
    unformatted = CheckContext(missing_hangul, ("NotoSans",), PROTECTED, formatted=False)
    assert findings(message, unformatted) == []
    markup = Message("Run by volunteers.", "<img src=x> 100%")
    assert findings(markup, unformatted) == [("error", "markup")]


def catalog(*entries: tuple[str, str]) -> Catalog:
    result = Catalog(locale="es")
    for number, (msgid, msgstr) in enumerate(entries, start=10):
        result.add(msgid, msgstr, lineno=number)
    return result


def source(msgid: str, where: str = "templates/handouts/alpha.xml.j2") -> SourceMessage:
    return SourceMessage(msgid, ((where, 12),))


def test_check_catalog_reports_source_messages_missing_from_the_catalog() -> None:
    sources = (source("Drink water."), source("Sleep well."))
    found = check_catalog(catalog(("Drink water.", "Beba agua.")), sources, CTX, "es", PO)
    assert len(found) == 1
    finding = found[0]
    assert (finding.severity, finding.kind, finding.msgid) == ("error", "missing", "Sleep well.")
    assert "i18n update" in finding.problem and "alpha.xml.j2:12" in finding.problem
    assert finding.path == PO and finding.locale == "es"


def test_check_catalog_names_line_and_ignores_entries_no_template_uses() -> None:
    sources = (source("Drink water."),)
    found = check_catalog(catalog(("Old sentence.", "Oración <img>."),
                                  ("Drink water.", "Beba <img> agua.")), sources, CTX, "es", PO)
    assert found == [Finding("error", "markup", "es", PO, 11, "Drink water.",
                             found[0].problem)]
    assert f"{PO}:11: error: [es]" in found[0].show()


def test_check_catalog_does_not_format_brand_sentences() -> None:
    brand = source("Run by 100% volunteers.", "brand/brand.toml")
    template = source("Rest 100% of the day.")
    found = check_catalog(catalog(("Run by 100% volunteers.", "Dirigido por 100% voluntarios."),
                                  ("Rest 100% of the day.", "Descanse 100% del día.")),
                          (brand, template), CTX, "es", PO)
    assert [(f.kind, f.msgid) for f in found] == [("placeholder", "Rest 100% of the day.")]
