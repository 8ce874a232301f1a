"""Read a ``.po`` file strictly: what ``msgfmt --check`` refuses is refused here too.

Babel's parser (used as it is) reads a catalog leniently: a second entry with
the same msgid silently replaces the first, and the header's charset is
believed whatever the bytes are.  A translator then fixes one copy of a
sentence and the other prints; or a UTF-8 file declared Latin-1 prints
"espaÃ±ol".  This reader refuses both, naming the file and the line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TranslationError
from ..project import read_bytes

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

_CHARSET = re.compile(rb'"Content-Type:[^"]*charset=([^\\"\s;]+)', re.IGNORECASE)
_UTF8 = frozenset({"utf-8", "utf8"})
MAX_BYTES = 4 * 1024 * 1024  # a handout's catalog is some kilobytes; the shared one too
HINT = "fix it in a text editor or Poedit; `msgfmt --check` finds it too."
#: For a header problem (charset), where Poedit has a dialog for it.
HEADER_HINT = "Poedit: Catalog > Properties; `msgfmt --check` finds it too."


def read_po_strictly(path: Path) -> Catalog:
    """The catalog at ``path``; TranslationError for a duplicate msgid, a charset other
    than UTF-8, or anything Babel's parser cannot read."""
    from babel.messages.pofile import PoFileError

    data = read_bytes(path, lambda why: TranslationError(f"{path}: {why}."))
    if len(data) > MAX_BYTES:
        raise TranslationError(f"{path}: the catalog is {len(data) / 1048576:.0f} MB; one "
                               f"handout's is some kilobytes, and the limit is "
                               f"{MAX_BYTES // 1048576} MB.", hint="check it is the right file; "
                               "a paste by mistake? " + HINT)
    if data.startswith(b"\xef\xbb\xbf"):  # what Notepad saves; msgfmt refuses it too
        raise TranslationError(f"{path}:1: the file starts with a byte-order mark (as "
                               "Notepad saves), which GNU msgfmt refuses.",
                               hint="save it as UTF-8 without a byte-order mark (Notepad: "
                                    "Save As, Encoding: UTF-8; or open and save it in Poedit).")
    _check_charset(path, data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TranslationError(f"{path}:{line}: this line is not UTF-8 text, as the header "
                               "says the file is.", hint="save the file as UTF-8; " + HINT
                               ) from None
    _check_lines(path, data)
    from babel.messages.catalog import Catalog

    catalog = Catalog()
    try:
        _StrictParser(catalog, path).parse(data.splitlines(keepends=True))
    except PoFileError as exc:
        raise TranslationError(f"{path}:{exc.lineno + 1}: cannot read this catalog: {exc}",
                               hint=HINT) from None
    if (catalog.charset or "utf-8").lower() not in _UTF8:  # a header split over lines
        raise TranslationError(f"{path}: the header declares charset={catalog.charset}; "
                               "catalogs here are UTF-8, and text read with another charset "
                               "prints garbled.", hint="set the header line to \"Content-Type: "
                               "text/plain; charset=UTF-8\\n\"; " + HEADER_HINT)
    return catalog


#: A line of a .po file: blank, a comment, a keyword with a quoted string, or a string.
_LINE = re.compile(rb'^\s*(?:$|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+'
                   rb'"(?:[^"\\]|\\.)*"\s*|"(?:[^"\\]|\\.)*"\s*)$')


def _check_lines(path: Path, data: bytes) -> None:
    """Every line is one msgfmt can read: Babel skips a string left open, and the
    sentence after it with it (msgfmt: "end-of-line within string")."""
    for number, line in enumerate(data.splitlines(), 1):
        if not _LINE.match(line):
            shown = line.decode("utf-8", "replace").strip()[:60]
            raise TranslationError(f"{path}:{number}: this line cannot be read: {shown!r} "
                                   "(a string not closed with \", or text outside quotes).",
                                   hint=HINT)


def _check_charset(path: Path, data: bytes) -> None:
    found = _CHARSET.search(data[:4096])
    charset = found.group(1).decode("ascii", "replace") if found else "UTF-8"
    if charset.lower() in _UTF8:
        return
    line = data[:found.start()].count(b"\n") + 1 if found else 1
    what = ("the placeholder CHARSET (the header was never filled in)"
            if charset == "CHARSET" else f"charset={charset}")
    raise TranslationError(f"{path}:{line}: the header declares {what}; catalogs here are "
                           "UTF-8, and text read with another charset prints garbled.",
                           hint="set the header line to \"Content-Type: text/plain; "
                                "charset=UTF-8\\n\" (and save the file as UTF-8); " + HEADER_HINT)


@lru_cache(maxsize=1)
def _strict_parser_class() -> type[Any]:
    from babel.messages.pofile import PoFileParser

    class StrictParser(PoFileParser):
        """Babel's parser, refusing a msgid (with its context) seen before."""

        def __init__(self, catalog: Catalog, path: Path) -> None:
            super().__init__(catalog, ignore_obsolete=True, abort_invalid=True)
            self.path = path
            self.first_line: dict[Any, int] = {}

        def _add_message(self) -> None:
            if not self.obsolete and self.messages:
                msgid = (tuple(m.denormalize() for m in self.messages) if len(self.messages) > 1
                         else self.messages[0].denormalize())
                context = self.context.denormalize() if self.context else None
                key = self.catalog._key_for(msgid, context)
                if key in self.first_line and msgid:
                    shown = str(msgid if isinstance(msgid, str) else msgid[0])[:60]
                    raise TranslationError(
                        f"{self.path}:{self.offset + 1}: msgid {shown!r} is here a second time "
                        f"(first on line {self.first_line[key]}); only one of the two would "
                        f"print.", hint="keep one entry, with the right translation; " + HINT)
                self.first_line[key] = self.offset + 1
            super()._add_message()

    return StrictParser


def _StrictParser(catalog: Catalog, path: Path) -> Any:  # noqa: N802  (a class, built late)
    return _strict_parser_class()(catalog, path)
