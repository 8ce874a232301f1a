"""The gate: the only way to a Translation, refusing incomplete or unsafe catalogs."""

from __future__ import annotations

import dataclasses
import gettext
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURE, po_path

from handouts.document.handout import HandoutMeta, find_handout
from handouts.errors import IncompleteTranslationError, UnsafeTranslationError
from handouts.i18n.gate import Translation, gate
from handouts.i18n.locales import LocaleSettings, available_locales


def locale(project: Path, code: str) -> LocaleSettings:
    return available_locales(project / "locales")[code]


def handout(project: Path, name: str = "alpha") -> HandoutMeta:
    return find_handout(name, project / "templates")


def edit_catalog(project: Path, change: Callable[[Catalog], None]) -> None:
    path = po_path(project, "es")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=76)


def set_string(msgid: str, value: str) -> Callable[[Catalog], None]:
    def change(catalog: Catalog) -> None:
        catalog[msgid].string = value
    return change


def test_a_translation_cannot_be_made_without_the_gate() -> None:
    settings = locale(FIXTURE, "es")
    with pytest.raises(TypeError, match="gate"):
        Translation(settings, gettext.NullTranslations(), "reviewed")



def test_a_checked_translation_cannot_be_altered_into_another() -> None:
    """dataclasses.replace() must not turn English into a "reviewed" Spanish Translation."""
    english = gate(locale(FIXTURE, "en"), find_handout("alpha", FIXTURE / "templates"),
                   FIXTURE)
    with pytest.raises(TypeError, match="gate"):
        dataclasses.replace(english, locale=locale(FIXTURE, "es"), review="reviewed")
    with pytest.raises(TypeError, match="gate"):
        dataclasses.replace(english, draft=True)


@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("name", ["alpha", "beta"])
def test_english_is_the_source_and_never_marked(name: str, draft: bool) -> None:
    translation = gate(locale(FIXTURE, "en"), handout(FIXTURE, name), FIXTURE, draft=draft)
    assert translation.is_source and translation.reviewed
    assert translation.review == "source"
    assert not translation.marks_untranslated
    assert translation.untranslated == 0
    assert translation.translations.gettext("Drink water.") == "Drink water."


@pytest.mark.parametrize("name", ["alpha", "beta"])
def test_complete_spanish_passes_as_a_machine_draft(name: str) -> None:
    translation = gate(locale(FIXTURE, "es"), handout(FIXTURE, name), FIXTURE)
    assert not translation.is_source
    assert translation.review == "machine-draft" and not translation.reviewed
    assert not translation.draft and not translation.marks_untranslated
    assert translation.untranslated == 0
    assert translation.translations.gettext("Drink water.") == "Beba agua."


def test_a_draft_of_a_complete_translation_is_a_draft_with_nothing_missing() -> None:
    translation = gate(locale(FIXTURE, "es"), handout(FIXTURE), FIXTURE, draft=True)
    assert translation.draft and translation.marks_untranslated
    assert translation.untranslated == 0


def test_incomplete_translation_is_refused(project: Path) -> None:
    edit_catalog(project, set_string("Drink water.", ""))
    with pytest.raises(IncompleteTranslationError) as caught:
        gate(locale(project, "es"), handout(project), project)
    error = caught.value
    assert [m.id for m in error.result.untranslated] == ["Drink water."]
    assert error.po_path == po_path(project, "es")
    assert "--draft" in error.hint and "i18n update" in error.hint


def test_fuzzy_translation_is_refused(project: Path) -> None:
    def fuzzy(catalog: Catalog) -> None:
        catalog["Sleep well."].flags.add("fuzzy")
    edit_catalog(project, fuzzy)
    with pytest.raises(IncompleteTranslationError) as caught:
        gate(locale(project, "es"), handout(project), project)
    assert [m.id for m in caught.value.result.fuzzy] == ["Sleep well."]


def test_a_draft_lets_an_incomplete_translation_through_marked(project: Path) -> None:
    edit_catalog(project, set_string("Drink water.", ""))
    translation = gate(locale(project, "es"), handout(project), project, draft=True)
    assert isinstance(translation, Translation)
    assert translation.draft and translation.marks_untranslated
    assert translation.untranslated == 1
    assert translation.translations.gettext("Drink water.") == "Drink water."
    assert translation.translations.gettext("Sleep well.") == "Duerma bien."


def test_a_message_the_other_handout_needs_does_not_block(project: Path) -> None:
    edit_catalog(project, set_string("Sleep well.", ""))  # alpha only
    translation = gate(locale(project, "es"), handout(project, "beta"), project)
    assert translation.untranslated == 0


@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("bad,kind", [("Duerma <img src=x> bien.", "markup"),
                                      ("Duerma 7 % bien.", "placeholder"),
                                      ("Duerma \ud55c bien.", "glyph")])
def test_unsafe_translation_is_refused_even_in_a_draft(project: Path, bad: str, kind: str,
                                                       draft: bool) -> None:
    edit_catalog(project, set_string("Sleep well.", bad))
    with pytest.raises(UnsafeTranslationError) as caught:
        gate(locale(project, "es"), handout(project), project, draft=draft)
    assert [(f.kind, f.msgid) for f in caught.value.findings] == [(kind, "Sleep well.")]

