"""Every HandoutError crosses a process boundary intact, with its exit code and data."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from handouts import errors
from handouts.errors import HandoutError
from handouts.i18n.checks import Finding
from handouts.i18n.messages import Completeness, SourceMessage

PO = Path("locales/es/LC_MESSAGES/alpha.po")
MISSING = tuple(SourceMessage(f"Sentence {i}.", (("templates/handouts/alpha.xml.j2", i),))
                for i in range(12))
FINDINGS = tuple(Finding("error", "markup", "es", PO, 40 + i, f"Drink {i}.",
                         "markup <img> is not allowed") for i in range(7))


def every_subclass(cls: type[HandoutError]) -> set[type[HandoutError]]:
    found: set[type[HandoutError]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *every_subclass(sub)}
    return found


#: One example per error class, with the data attributes it must keep.
EXAMPLES: dict[type[HandoutError], tuple[Callable[[], HandoutError], tuple[str, ...]]] = {
    HandoutError: (lambda: HandoutError("something went wrong", hint="try again"), ()),
    errors.UsageError: (lambda: errors.UsageError("--paper must be letter or a4"), ()),
    errors.FieldError: (lambda: errors.FieldError("patient_name", "too long"), ("field",)),
    errors.UnknownHandoutError: (lambda: errors.UnknownHandoutError("gamma", ["alpha", "beta"]),
                                 ("name", "known")),
    errors.UnknownLocaleError: (lambda: errors.UnknownLocaleError("xx", ("en", "es")),
                                ("requested", "available")),
    errors.ContentError: (lambda: errors.ContentError("bad <img>", path="t/alpha.xml.j2",
                                                      line=12, hint="remove it"),
                          ("path", "line")),
    errors.DuplicateHandoutError: (
        lambda: errors.DuplicateHandoutError(['the ID "TST-001"'], "t/alpha.xml.j2",
                                             "t/copy.xml.j2", names=("alpha", "copy"),
                                             keys=("alpha", "copy", "tst-001"), line=3),
        ("path", "line", "paths", "names", "keys", "clashes")),
    errors.UnmarkedTextError: (
        lambda: errors.UnmarkedTextError([("t/alpha.xml.j2", 40 + i, f"Drink {i}.")
                                          for i in range(8)]),
        ("path", "line", "found")),
    errors.BrandError: (lambda: errors.BrandError("no name", path="brand/brand.toml",
                                                  field="name"), ("path", "field")),
    errors.OutputError: (lambda: errors.OutputError("/nope/x.pdf", "permission denied"),
                         ("path", "reason")),
    errors.TranslationError: (lambda: errors.TranslationError("catalog missing",
                                                              hint="run i18n init"), ()),
    errors.IncompleteTranslationError: (
        lambda: errors.IncompleteTranslationError(
            Completeness("es", "alpha", 20, MISSING[:10], MISSING[10:]), PO),
        ("result", "po_path")),
    errors.UnsafeTranslationError: (lambda: errors.UnsafeTranslationError(FINDINGS),
                                    ("findings",)),
    errors.GlyphError: (lambda: errors.GlyphError("\ud55c", "Hola \ud55c", ["NotoSans"]),
                        ("char", "text", "fonts")),
    errors.FontError: (lambda: errors.FontError("not TrueType", path="fonts/x.otf"), ("path",)),
    errors.UnsupportedScriptError: (
        lambda: errors.UnsupportedScriptError("ar", "Arabic", "Arabic", ("right-to-left",)),
        ("code", "language", "script", "needs")),
    errors.PrintError: (lambda: errors.PrintError("desk1 did not take the job: paper out",
                                                  hint="add paper", status=503), ("status",)),
    errors.RenderTimeoutError: (lambda: errors.RenderTimeoutError(60.0), ("seconds",)),
    errors.NoRoomError: (lambda: errors.NoRoomError("note", 6), ("field", "lines")),
    errors.InternalError: (lambda: errors.InternalError("File x.py, line 3"), ("trace",)),
}
EXIT_CODES = {
    HandoutError: 1, errors.UsageError: 2, errors.FieldError: 2, errors.UnknownHandoutError: 3,
    errors.UnknownLocaleError: 4, errors.ContentError: 5, errors.BrandError: 6,
    errors.DuplicateHandoutError: 5, errors.UnmarkedTextError: 5,
    errors.OutputError: 7, errors.TranslationError: 8, errors.IncompleteTranslationError: 8,
    errors.UnsafeTranslationError: 8, errors.UnsupportedScriptError: 8, errors.GlyphError: 9,
    errors.FontError: 10, errors.PrintError: 11, errors.RenderTimeoutError: 70,
    errors.NoRoomError: 2,
    errors.InternalError: 70,
}
CLASSES = sorted(EXAMPLES, key=lambda cls: cls.__name__)


def test_examples_cover_every_error_class() -> None:
    known = {HandoutError, *every_subclass(HandoutError)}
    assert set(EXAMPLES) == known
    assert set(EXIT_CODES) == known


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_error_pickles_intact(cls: type[HandoutError]) -> None:
    make, attributes = EXAMPLES[cls]
    error = make()
    assert type(error) is cls
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert copy.message == error.message and str(copy) == str(error)
    assert copy.hint == error.hint
    assert copy.exit_code == error.exit_code == EXIT_CODES[cls]
    assert copy.show() == error.show()
    assert copy.args == error.args
    for name in attributes:
        assert getattr(copy, name) == getattr(error, name), name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_show_fits_one_screen_with_title_and_hint(cls: type[HandoutError]) -> None:
    error = EXAMPLES[cls][0]()
    shown = error.show()
    assert shown.startswith(f"{cls.title}: {error.message}")
    if error.hint:
        assert shown.endswith(f"What to do: {error.hint}")
    assert len(shown.splitlines()) <= 15


def test_content_error_names_file_and_line() -> None:
    error = errors.ContentError("bad", path="templates/handouts/alpha.xml.j2", line=12)
    assert error.message == "templates/handouts/alpha.xml.j2:12: bad"
    assert errors.ContentError("bad", path="x.j2").message == "x.j2: bad"


def test_incomplete_translation_lists_messages_and_counts() -> None:
    result = Completeness("es", "alpha", 20, MISSING[:10], MISSING[10:])
    message = errors.IncompleteTranslationError(result, PO).message
    assert "10 untranslated and 2 fuzzy of the 20 messages it prints" in message
    assert "alpha.xml.j2:0: 'Sentence 0.'" in message
    assert "... and 4 more" in message  # at most 8 listed


def test_unsafe_translation_shows_five_findings_and_points_at_the_catalog() -> None:
    error = errors.UnsafeTranslationError(FINDINGS)
    assert error.message.startswith("7 problem(s) would print wrongly")
    assert f"{PO}:44:" in error.message and f"{PO}:45:" not in error.message
    assert "... and 2 more" in error.message
    assert str(PO) in error.hint and "i18n check es" in error.hint


def test_glyph_error_names_the_code_point() -> None:
    error = errors.GlyphError("\ud55c", "x" * 100, ("NotoSans", "NanumGothic"))
    assert "U+D55C" in error.message and "NotoSans, NanumGothic" in error.message
    assert "x" * 67 + "..." in error.message and "x" * 68 not in error.message
