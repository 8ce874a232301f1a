"""One exception family for the whole package, in one module.

Every error a user can cause is a :class:`HandoutError`.  Each subclass
carries the data that explains it, knows its process exit code and how to
show itself on one screen (Click's pattern), so the command line never
prints a traceback for a user mistake.

Every error pickles (Jinja2's pattern, ``__reduce__``): it is rebuilt from the
arguments it was made with, so an error raised in a render process reaches
the web server or the print pack intact, with its data and exit code.

Exit codes: 2 usage, 3 unknown handout, 4 unknown language, 5 handout
content, 6 brand file, 7 output path, 8 translation, 9 missing glyph,
10 fonts, 11 printing, 70 a bug in the program.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # data carried by the translation errors; never imported at run time
    from .i18n.checks import Finding
    from .i18n.messages import Completeness


def _rebuild(cls: type[HandoutError], args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> HandoutError:
    return cls(*args, **kwargs)


class HandoutError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1
    title = "Error"
    _made_with: tuple[tuple[Any, ...], dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> HandoutError:
        self = super().__new__(cls, *args)
        self._made_with = (args, kwargs)  # what __reduce__ needs to build it again
        return self

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[Any, ...]:
        args, kwargs = self._made_with
        return _rebuild, (type(self), args, kwargs)

    def show(self) -> str:
        """The one-screen text the command line prints."""
        text = f"{self.title}: {self.message}"
        if self.hint:
            text += f"\n  What to do: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.message


class UsageError(HandoutError):
    """A command-line option is missing or malformed."""

    exit_code = 2
    title = "Usage error"


class FieldError(UsageError):
    """A form field or query parameter is missing, malformed or too long (HTTP 400)."""

    title = "Please check the form"

    def __init__(self, field: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint or "correct the field and try again.")
        self.field = field


class NoRoomError(FieldError):
    """A note longer than its two lines at a readable size: the copy is made again with
    ``lines`` lines for it (pipeline.py, web/renderer.py), so it never fails."""

    def __init__(self, field: str, lines: int) -> None:
        super().__init__(field, f"{field} needs {lines} lines on the page.")
        self.lines = lines


class UnknownHandoutError(HandoutError):
    exit_code = 3
    title = "Unknown handout"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        listing = ", ".join(self.known) or "(none found)"
        super().__init__(
            f"there is no handout called {name!r}. Known handouts: {listing}.",
            hint="run `python generate.py --list` to see every handout with its ID.",
        )


class UnknownLocaleError(HandoutError):
    exit_code = 4
    title = "Unknown language"

    def __init__(self, requested: str, available: Sequence[str],
                 names: Sequence[str] = ()) -> None:
        self.requested = requested
        self.available = tuple(available)
        named = [f"{code} ({name})" for code, name in zip(self.available, names, strict=True)] \
            if names else self.available  # "es (Spanish)": staff know languages by name
        listing = ", ".join(named) or "(none)"
        super().__init__(
            f"no translation matches {requested!r}. Available: {listing}.",
            hint="pick one of the available locales, or add a language (see TRANSLATING.md).",
        )


class ContentError(HandoutError):
    """A handout or layout template is wrong: syntax, metadata or markup."""

    exit_code = 5
    title = "Handout content error"
    #: the handout(s) it stops printing, when the file is a shared piece (a layout)
    handouts: tuple[str, ...] = ()

    def __init__(self, message: str, *, path: Path | str, line: int | None = None,
                 hint: str = "") -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}", hint=hint or
                         "fix the file at that line and run the command again.")


class DuplicateHandoutError(ContentError):
    """Two handouts share a name or a document ID (case ignored): neither is printed.

    ``keys`` are both handouts' names and IDs, lower case: asking for any of
    them is this error, never the wrong handout.
    """

    def __init__(self, clashes: Sequence[str], first: Path | str, second: Path | str, *,
                 names: Sequence[str], keys: Sequence[str], line: int | None = None) -> None:
        self.clashes = tuple(clashes)
        self.paths = (Path(first), Path(second))
        self.names = tuple(names)
        self.keys = tuple(keys)
        verb = "is" if len(self.clashes) == 1 else "are"
        super().__init__(
            f"{' and '.join(self.clashes)} {verb} already used by {self.paths[0]} (names and "
            f"IDs are compared ignoring case). Each handout needs its own, or asking for one "
            f"could print the other, so neither of the two is printed.", path=second, line=line,
            hint="a copied handout is a new handout: give it a new `id` and a new file name, "
                 "or delete the copy; then check with `python generate.py --list`.")


class UnmarkedTextError(ContentError):
    """Template text would print in English inside a translated handout.

    ``found`` is (path, line or None, text) for each text, in template order.
    """

    def __init__(self, found: Sequence[tuple[str, int | None, str]]) -> None:
        self.found = tuple(found)
        path, line, text = self.found[0]
        more = "".join(f"\n    also {p}:{n or '?'}: {_excerpt(t)!r}" for p, n, t in self.found[1:6])
        if len(self.found) > 6:
            more += f"\n    ... and {len(self.found) - 6} more"
        super().__init__(
            f"this text is not marked for translation: {_excerpt(text)!r}; wrap it in "
            f"{{% trans %}}...{{% endtrans %}}{more}", path=path, line=line,
            hint="mark each text for translation ({% trans %}...{% endtrans %}, or "
                 "{{ _(\"...\") }} for a short one), run `python generate.py i18n update` "
                 "and have it translated. English copies still print meanwhile.")


def _excerpt(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


class BrandError(HandoutError):
    """The organization's brand file is missing, unreadable or incomplete."""

    exit_code = 6
    title = "Brand settings error"

    def __init__(self, message: str, *, path: Path | str, field: str = "") -> None:
        self.path = Path(path)
        self.field = field
        super().__init__(
            f"{self.path}: {message}",
            hint="edit the brand file (it is plain TOML; see the comments in it).",
        )


class OutputError(HandoutError):
    """The PDF cannot be written where the user asked."""

    exit_code = 7
    title = "Cannot write the PDF"

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            f"{self.path}: {reason}",
            hint="choose a folder you can write to, e.g. --output out/handout.pdf.",
        )


class TranslationError(HandoutError):
    """A catalog is missing, incomplete or unsafe to print."""

    exit_code = 8
    title = "Translation problem"


class IncompleteTranslationError(TranslationError):
    """The gate: an incomplete catalog is refused unless a draft is asked for.

    ``po_path`` is the catalog that lacks the most (the handout's own, or the shared one).
    """

    def __init__(self, result: Completeness, po_path: Path, *others: Path) -> None:
        self.result = result
        self.po_path = po_path
        lines = [f"{m.where}: {m.id[:70]!r}" for m in result.untranslated[:8]]
        lines += [f"{m.where}: (fuzzy) {m.id[:62]!r}" for m in result.fuzzy[:8 - len(lines)]]
        more = len(result.untranslated) + len(result.fuzzy) - len(lines)
        listing = "\n    ".join(lines) + (f"\n    ... and {more} more" if more > 0 else "")
        where = " and ".join(map(str, (po_path, *others)))
        super().__init__(
            f"the {result.locale} translation of {result.handout} is incomplete: "
            f"{len(result.untranslated)} untranslated and {len(result.fuzzy)} fuzzy of the "
            f"{result.total} messages it prints, its own and the shared ones "
            f"({where}):\n    {listing}",
            hint=f"translate them in {where} (new messages arrive with "
                 f"`python generate.py i18n update`), or preview with --draft.")


class UnsafeTranslationError(TranslationError):
    """A translation would print wrongly: broken placeholders, markup or missing glyphs."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        shown = "\n".join(f.show() for f in self.findings[:5])
        more = f"\n... and {len(self.findings) - 5} more" if len(self.findings) > 5 else ""
        super().__init__(f"{len(self.findings)} problem(s) would print wrongly:\n{shown}{more}",
                         hint=f"fix them in {self.findings[0].path}, then run "
                              f"`python generate.py i18n check {self.findings[0].locale}`.")


class UnsupportedScriptError(TranslationError):
    """The language's script needs support this installation lacks (shaping libraries
    not installed, or a vertical script)."""

    def __init__(self, code: str, language: str, script: str, needs: Sequence[str],
                 install: str = "") -> None:
        self.code = code
        self.language = language
        self.script = script
        self.needs = tuple(needs)
        self.install = install
        fix = (f"install the text shaping libraries: {install}, then try again"
               if install else "print the handout in English or another language for now")
        super().__init__(
            f"{language} ({code}) is written in the {script} script, which needs "
            f"{' and '.join(self.needs)}. This installation cannot print it correctly, so it "
            f"prints nothing rather than a page a patient cannot read.",
            hint=f"{fix}; TRANSLATING.md lists the scripts that print.")


class GlyphError(HandoutError):
    """Text contains characters that none of the locale's fonts can draw."""

    exit_code = 9
    title = "Missing characters in fonts"

    def __init__(self, char: str, text: str, fonts: Sequence[str]) -> None:
        self.char = char
        self.text = text
        self.fonts = tuple(fonts)
        excerpt = text if len(text) <= 70 else text[:67] + "..."
        super().__init__(
            f"the character {char!r} (U+{ord(char):04X}) in {excerpt!r} "
            f"is in none of the fonts {', '.join(self.fonts)}.",
            hint="add a font that has it to the locale's font chain (TRANSLATING.md), "
                 "or change the text.",
        )


class FontError(HandoutError):
    """The font list or a font file is missing, unreadable or not TrueType."""

    exit_code = 10
    title = "Font problem"

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.path = Path(path)
        if self.path.name == "locale.toml":
            hint = ("in this file, name families that fonts/fonts.toml lists, or add the "
                    "font first (TRANSLATING.md, 'Add a font').")
        else:
            hint = ("fix fonts/fonts.toml or the font file (TRANSLATING.md, 'Add a font'); "
                    "ReportLab reads TrueType (.ttf/.ttc) only.")
        super().__init__(f"{self.path}: {message}", hint=hint)


class PrintError(HandoutError):
    """A printer or the print server did not take the job (HTTP ``status``: 502, or 503
    when this server cannot print at all)."""

    exit_code = 11
    title = "Not printed"

    def __init__(self, message: str, *, hint: str = "", status: int = 502) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class RenderTimeoutError(HandoutError):
    """A render took longer than the server allows (HTTP 503); its process was stopped."""

    exit_code = 70
    title = "Took too long"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the handout was not ready after {seconds:g} seconds, so it was "
                         "stopped.", hint="try again; if it happens again, tell IT the time "
                                          "and the handout.")


class InternalError(HandoutError):
    """A bug met while rendering, as it crosses a process boundary.

    It carries the stack without the original message (which may quote what
    was typed at the desk), so a log can say where the bug is.
    """

    exit_code = 70
    title = "Internal error"

    def __init__(self, trace: str) -> None:
        self.trace = trace
        super().__init__("the handout could not be made because of an error in the program.",
                         hint="try again; if it happens again, tell IT the time it happened.")
