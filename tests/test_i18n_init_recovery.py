"""A failed `i18n init` leaves nothing behind, and a half-made language folder resumes.

Issue 9: a failed `i18n init ar` (no font yet) once left a half-made
``locales/ar/`` that blocked every retry, and `i18n update` did not mend it.
Now a new language is built in a temporary folder next to ``locales/`` and
renamed into place at the end; a half-made folder from an older version
(a catalog without locale.toml, locale.toml without a catalog, an empty
folder, an empty catalog file) is completed by `i18n init` or `i18n update`,
keeping every translation already in it.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import po_path

from handouts.commands import i18n as i18n_commands
from handouts.commands.cli import main
from handouts.document.handout import find_handout
from handouts.errors import TranslationError, UnsupportedScriptError
from handouts.i18n import setup
from handouts.i18n.locales import LocaleSettings, available_locales
from handouts.i18n.messages import source_messages

SLEEP, SLEEP_RU = "Sleep well.", "Спите хорошо."
WASH, WASH_RU = "Wash the skin.", "Вымойте кожу."  # kept fuzzy: a translator's work too
OWN_SETTINGS = ('# Chosen by hand; keep.\nfonts = ["NotoSans"]\nwrap = "default"\n\n'
                '[review]\nstatus = "draft"\n')


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file and folder under locales/ with its bytes, and the project's top level."""
    paths = [*(project / "locales").rglob("*"), *project.iterdir()]
    return {str(p.relative_to(project)): p.read_bytes() if p.is_file() and not p.is_symlink()
            else b"<folder>" for p in paths}


def read(project: Path, code: str, name: str = "alpha") -> Catalog:
    with po_path(project, code, name).open("rb") as fh:
        return read_po(fh)


def old_catalog(project: Path, code: str) -> None:
    """A catalog from an older version (one per language): two translations and few of
    today's messages."""
    catalog = Catalog(locale=code)
    catalog.add(SLEEP, SLEEP_RU)
    catalog.add(WASH, WASH_RU, flags=("fuzzy",))
    po_path(project, code, "messages").parent.mkdir(parents=True)
    with po_path(project, code, "messages").open("wb") as fh:
        write_po(fh, catalog)


def catalog_only(project: Path, code: str) -> None:
    old_catalog(project, code)


def settings_only(project: Path, code: str) -> None:
    (project / "locales" / code).mkdir()
    (project / "locales" / code / "locale.toml").write_text(OWN_SETTINGS, "utf-8")


def empty_folder(project: Path, code: str) -> None:
    (project / "locales" / code).mkdir()


def empty_catalog_file(project: Path, code: str) -> None:  # an editor died while saving it
    po_path(project, code, "shared").parent.mkdir(parents=True)
    po_path(project, code, "shared").write_bytes(b"")


HALF_MADE = [catalog_only, settings_only, empty_folder, empty_catalog_file]


def assert_complete(project: Path, code: str, made: Callable[[Path, str], None]) -> None:
    """The language is usable, every message is in its catalog, nothing was lost."""
    assert code in available_locales(project / "locales")
    for message in source_messages(project, find_handout("alpha", project / "templates")):
        catalog = read(project, code, message.domain)
        assert message.id in catalog, message.id
        assert catalog.locale is not None and str(catalog.locale) == code
    catalog = read(project, code)
    toml = (project / "locales" / code / "locale.toml").read_text("utf-8")
    if made is settings_only:
        assert toml == OWN_SETTINGS, "a locale.toml already there is kept as it is"
    else:
        assert 'fonts = ["NotoSans"]' in toml
    if made is catalog_only:
        assert catalog[SLEEP].string == SLEEP_RU and not catalog[SLEEP].fuzzy
        assert catalog[WASH].string == WASH_RU and catalog[WASH].fuzzy
    assert not list(project.glob(".i18n-init-*")), "the temporary folder is removed"


def _refuse_the_script(code: str) -> None:
    raise UnsupportedScriptError(code, "Tigrinya", "Ethiopic", ("vertical lines",))


@pytest.mark.parametrize("refusal, reason", [
    (None, "covers ti"),  # the fixture has no Ethiopic font
    (_refuse_the_script, "cannot print it correctly")])  # whichever script is refused
def test_init_refused_before_writing_leaves_locales_unchanged(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        refusal: Callable[[str], None] | None, reason: str) -> None:
    if refusal is not None:
        monkeypatch.setattr(i18n_commands, "refuse_unsupported", refusal)
    before = snapshot(project)
    assert main(["i18n", "init", "ti"]) == 8
    assert snapshot(project) == before
    err = capsys.readouterr().err
    assert reason in err and f"Nothing was written to {project / 'locales' / 'ti'}" in err
    assert "i18n init ti` can be run again" in err
    assert len(err.splitlines()) <= 15 and "Traceback" not in err


def _fail_in_merge(real: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        real(*args)  # one catalog is written when the next one fails
        raise TranslationError("could not write a catalog.")
    return run


def _half_written(exc: BaseException) -> Callable[[Path, str, list[str]], None]:
    def write(folder: Path, code: str, fonts: list[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "locale.toml").write_text("fonts = [", "utf-8")
        raise exc
    return write


@pytest.mark.parametrize("start, failure, exit_code", [
    (start, failure, exit_code)
    for start in (None, catalog_only, settings_only)
    for failure, exit_code in (("merge", 8), ("disk full", 8), ("interrupted", 130))
    if start is not settings_only or failure == "merge"])  # its locale.toml is not rewritten
def test_a_failure_midway_leaves_nothing_behind(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        start: Callable[[Path, str], None] | None, failure: str, exit_code: int) -> None:
    if start is not None:
        start(project, "ru")
    before = snapshot(project)
    with monkeypatch.context() as patch:  # undone before the retry (HANDOUTS_HOME stays)
        if failure == "merge":
            patch.setattr(i18n_commands, "merge", _fail_in_merge(i18n_commands.merge))
        else:
            exc = KeyboardInterrupt() if failure == "interrupted" else OSError(
                errno.ENOSPC, "No space left on device", "locale.toml")
            patch.setattr(setup, "write_locale_settings", _half_written(exc))
        assert main(["i18n", "init", "ru"]) == exit_code
    assert snapshot(project) == before, "no folder, no partial file, no temporary folder"
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) <= 15
    if exit_code == 8:
        assert str(project / "locales" / "ru") in err and "i18n init ru" in err
    if failure == "disk full":
        assert "No space left on device" in err and "free some disk space" in err
    assert main(["i18n", "init", "ru"]) == 0, "the retry completes it"
    assert_complete(project, "ru", start or empty_folder)


def test_a_new_language_is_built_outside_locales_and_moved_in_whole(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, seen = i18n_commands.merge, []

    def run(settings: LocaleSettings, *args: Any) -> Any:
        seen.append(settings.folder)
        assert settings.folder.parent.parent == project
        assert settings.folder.parent.name.startswith(".i18n-init-")
        assert not (project / "locales" / "ru").exists(), "nothing in locales/ yet"
        return real(settings, *args)
    monkeypatch.setattr(i18n_commands, "merge", run)
    assert main(["i18n", "init", "ru"]) == 0
    assert seen and not seen[0].exists()
    usual = project / "usual"
    usual.write_text("")
    for made in (po_path(project, "ru"), po_path(project, "ru", "shared")):
        assert made.stat().st_mode == usual.stat().st_mode, f"{made}: not a temporary file's"
    assert_complete(project, "ru", empty_folder)


@pytest.mark.parametrize("made", HALF_MADE)
def test_init_resumes_a_half_made_folder(project: Path, made: Callable[[Path, str], None],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    made(project, "ru")
    assert main(["i18n", "init", "ru"]) == 0
    out = capsys.readouterr().out
    assert f"Completed {project / 'locales' / 'ru'}" in out
    if made is catalog_only:
        assert "kept the 2 translation(s)" in out
    assert_complete(project, "ru", made)
    assert main(["i18n", "init", "ru"]) == 2, "complete now: init points at update"


@pytest.mark.parametrize("made", HALF_MADE)
def test_update_mends_a_half_made_folder(project: Path, made: Callable[[Path, str], None],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    made(project, "ru")
    assert main(["i18n", "update"]) == 0
    assert f"Completed {project / 'locales' / 'ru'}" in capsys.readouterr().out
    assert_complete(project, "ru", made)


def test_update_names_a_half_made_folder_it_cannot_complete(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_catalog(project, "ti")  # Tigrinya: the fixture has no Ethiopic font
    path = project / "templates/handouts/alpha.xml.j2"
    old = "<li>{% trans %}Sleep well.{% endtrans %}</li>"
    path.write_text(path.read_text("utf-8").replace(
        old, old + "\n    <li>{% trans %}Eat fruit.{% endtrans %}</li>"), "utf-8")
    assert main(["i18n", "update"]) == 8
    err = capsys.readouterr().err
    folder = project / "locales" / "ti"
    assert f"{folder} lacks LC_MESSAGES/shared.po and locale.toml and could not be " \
           f"completed" in err
    assert "covers ti" in err and "Add a font" in err and "i18n init ti` can be run" in err
    assert len(err.splitlines()) <= 15 and "Traceback" not in err
    assert "Eat fruit." in read(project, "es"), "the other languages are still updated"
    assert read(project, "ti", "messages")[SLEEP].string == SLEEP_RU, "its translations are kept"
    assert not (folder / "locale.toml").exists()


def test_a_catalog_that_cannot_be_read_is_named_and_left_alone(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po_path(project, "ru").parent.mkdir(parents=True)
    po_path(project, "ru").write_bytes(b"\xff\xfe not a catalog")
    before = snapshot(project)
    assert main(["i18n", "init", "ru"]) == 8
    assert snapshot(project) == before
    err = capsys.readouterr().err
    assert str(po_path(project, "ru")) in err and "Poedit" in err and "Traceback" not in err


def test_init_of_the_source_language_is_refused(project: Path) -> None:
    before = snapshot(project)
    assert main(["i18n", "init", "en"]) == 2
    assert snapshot(project) == before


def test_update_lists_every_half_made_folder_it_cannot_complete(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_catalog(project, "ti")
    (project / "locales" / "xx").mkdir()  # not a language Babel knows
    assert main(["i18n", "update"]) == 8
    err = capsys.readouterr().err
    assert "2 half-made language folders could not be completed" in err
    for code in ("ti", "xx"):
        assert str(project / "locales" / code) in err and f"i18n init {code}`" in err
    assert len(err.splitlines()) <= 15 and "Traceback" not in err
