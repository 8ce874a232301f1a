"""One exception family for the whole package.

Every error a user can cause is a :class:`HandoutError`.  Each subclass
carries the data that explains it, knows its process exit code and how to
show itself on one screen (Click's pattern), so the command line never
prints a traceback for a user mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class HandoutError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1
    title = "Error"

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

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

    def __init__(self, requested: str, available: Sequence[str]) -> None:
        self.requested = requested
        self.available = tuple(available)
        listing = ", ".join(self.available) or "(none)"
        super().__init__(
            f"no translation matches {requested!r}. Available: {listing}.",
            hint="pick one of the available locales, or add a language (see TRANSLATING.md).",
        )


class ContentError(HandoutError):
    """A handout or layout template is wrong: syntax, metadata or markup."""

    exit_code = 5
    title = "Handout content error"

    def __init__(self, message: str, *, path: Path | str, line: int | None = None,
                 hint: str = "") -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}", hint=hint or
                         "fix the file at that line and run the command again.")


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
