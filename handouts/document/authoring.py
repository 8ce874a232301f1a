"""Stage 1: a handout written in the authoring format (AUTHORING.md), as handout markup.

Content authors write ``templates/handouts/<name>.md``: ``+++`` TOML metadata,
``# Title``, ``## Heading`` sections, paragraphs, ``-`` bullets, ``1.`` steps,
``::: urgent`` boxes.  :func:`compile_handout` turns that into the Jinja template
source the pipeline already renders (the vocabulary of ``markup.py``), with every
heading, paragraph and item one ``{% trans %}`` message.

Output line k comes from input line k (a construct is written whole on its
first line, its other lines left empty), so Babel's locations, Jinja's errors
and the gate's messages name the line of the ``.md`` file.  A small line-based
reader rather than a Markdown library: the format is a closed subset, and a full
parser would accept (and need refusing, token by token) far more, and would
read ``______`` as a rule and underscores as emphasis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..errors import ContentError
from ..project import read_text
from .authoring_markup import PLACEHOLDERS, Block, Writer

__all__ = ["FENCE", "LAYOUT", "MARKDOWN_SUFFIX", "PLACEHOLDERS", "HandoutLoader",
           "compile_handout"]

MARKDOWN_SUFFIX = ".md"
LAYOUT = "layout/base.xml.j2"
FENCE = "+++"

_NEWLINE = re.compile(r"\r\n|\r|\n")  # as Jinja counts lines
_ITEM = re.compile(r"(?:-|(?P<number>\d{1,3})\.)(?:[ \t]+(?P<text>.*)|$)")
_WRITE_IN = re.compile(r"\[lines[ \t]+(?P<n>\d+)\]")
# A whole line like "[line 4]" or "[ Lines 4 ]": meant as write-in lines, never printed text
_BRACKETED = re.compile(r"\[[ \t]*[A-Za-z]+[ \t]*(?P<n>\d*)[ \t]*\]")
_NOTE_TAG = re.compile(r"translators?\s*:?$", re.IGNORECASE)


class _Reader:
    """Splits the lines after the metadata into blocks, joining continued lines."""

    def __init__(self, lines: list[str], path: Path) -> None:
        self.lines = lines
        self.path = path
        self.blocks: list[Block] = []

    def fail(self, line: int, message: str, hint: str = "") -> ContentError:
        return ContentError(message, path=self.path, line=line, hint=hint)

    def read(self, start: int) -> list[Block]:
        current: Block | None = None  # the block a following text line continues
        after_item = False  # a blank line has just ended a list item
        index = start
        while index < len(self.lines):
            raw, number = self.lines[index], index + 1
            text, indented = raw.strip(), raw[:1] in " \t"
            index += 1
            if text and indented and after_item:
                raise self.fail(number, "an indented line after a blank line: a list item "
                                        "is one paragraph.",
                                "remove the blank line to continue the item, or the spaces "
                                "to start a paragraph after the list.")
            in_item = current is not None and current.kind in ("ul", "ol")
            after_item = not text and (after_item or in_item)
            if not text:
                current = None
            elif text.startswith("<!--"):
                current, index = None, self._comment(index - 1)
            elif in_item and indented and current is not None:
                self._continue_item(current, text, number)
            elif self._is_text(text, number):
                current = self._text(current, text, number)
            else:
                current = self._structure(text, number)
        return self.blocks

    def _is_text(self, text: str, number: int) -> bool:
        if text[0] in "*+" and text[1:2] in (" ", "\t"):
            raise self.fail(number, f"{text[:2]!r} does not start a bullet here.",
                            "start a bullet with `- ` (a hyphen and a space).")
        return not (text.startswith(("#", ":::", "[lines")) or _ITEM.fullmatch(text)
                    or _BRACKETED.fullmatch(text))

    def _continue_item(self, item: Block, text: str, number: int) -> None:
        if not self._is_text(text, number):
            raise self.fail(number, "a list item can only continue with text: lists cannot "
                                    "be nested, and headings, boxes and [lines] start at the "
                                    "beginning of a line.",
                            "remove the spaces before it, or make it part of the item's text.")
        item.text += " " + text

    def _text(self, current: Block | None, text: str, number: int) -> Block:
        if current is None:
            self.blocks.append(Block("p", number, text))
            return self.blocks[-1]
        if current.kind == "p":
            current.text += " " + text
        elif current.kind in ("ul", "ol"):
            raise self.fail(number, "this line follows a list item without being indented.",
                            "indent it by two spaces to continue the item, or leave a "
                            "blank line before it to start a paragraph.")
        elif current.kind == "title" and not current.sub_line:
            current.sub_line, current.subtitle = number, text
        else:
            raise self.fail(number, "the subtitle is one line, directly under the title.",
                            "leave a blank line before the first paragraph.")
        return current

    def _structure(self, text: str, number: int) -> Block | None:
        """A title, heading, item, box line or [lines]; the block text may continue."""
        if text.startswith("#"):
            marks, _, rest = text.partition(" ")
            if marks not in ("#", "##") or not rest.strip():
                raise self.fail(number, f"{text[:30]!r} is not a title or heading.",
                                "write `# Title` once at the top, and `## Heading` for each "
                                "section (the #, a space, then the words).")
            block = Block("title" if marks == "#" else "heading", number, rest.strip())
        elif text.startswith(":"):
            kind = text.lstrip(":").strip()
            if text.startswith("::::"):
                raise self.fail(number, f"{text[:30]!r} is not a box line.",
                                "open a box with `::: urgent` (or call, note) and close it "
                                "with `:::` on a line of its own.")
            block = Block("box" if kind else "end", number, value=kind)
        elif text.startswith("["):
            found = _WRITE_IN.fullmatch(text)
            if not found:
                typed = _BRACKETED.fullmatch(text)
                count = typed.group("n") if typed and typed.group("n") else "3"
                raise self.fail(number, f"{text[:30]!r} is not a write-in block.",
                                f"write `[lines {count}]` (lower case, one space) for "
                                f"{count} lines to write on.")
            block = Block("lines", number, value=found.group("n"))
        else:
            item = _ITEM.fullmatch(text)
            assert item is not None  # _is_text said so
            kind = "ol" if item.group("number") else "ul"
            block = Block(kind, number, (item.group("text") or "").strip(),
                           item.group("number") or "")
        self.blocks.append(block)
        return block if block.kind in ("title", "ul", "ol") else None

    def _comment(self, index: int) -> int:
        """A comment from line index + 1 to its `-->`; the index of the line after it."""
        parts, end = [], index
        body = self.lines[index].strip()[4:]
        while "-->" not in body:
            parts.append(body)
            end += 1
            if end == len(self.lines):
                raise self.fail(index + 1, "this comment is never closed with -->.")
            body = self.lines[end].strip()
        inside, _, after = body.partition("-->")
        if after.strip():
            raise self.fail(end + 1, "text after --> on the same line.",
                            "put the comment on lines of its own, before the block it is about.")
        text = " ".join(" ".join([*parts, inside]).split())
        first = text.split(" ", 1)[0]
        if _NOTE_TAG.match(first) and first != "Translators:":
            raise self.fail(index + 1, f"a note for translators starts with `Translators:` "
                                       f"exactly, not {first!r}.")
        self.blocks.append(Block("comment", index + 1, text.replace("#}", "# }")))
        return end + 1


def _front_matter_end(lines: list[str], path: Path) -> int:
    """The index of the line that closes the ``+++`` metadata block."""
    if lines[0].strip() != FENCE:
        raise ContentError("a handout starts with its metadata between two `+++` lines.",
                           path=path, line=1, hint="see AUTHORING.md for an example.")
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return index
    raise ContentError("the metadata block is never closed with a `+++` line.",
                       path=path, line=1)


def compile_handout(text: str, path: Path) -> str:
    """The handout markup template for a ``.md`` handout, line for line."""
    lines = _NEWLINE.split(text.removeprefix("\ufeff"))  # a byte-order mark: Windows editors
    end = _front_matter_end(lines, path)
    out = [""] * len(lines)
    out[0] = f"{{# {FENCE}"  # the metadata, for handout.py only: a Jinja comment
    out[1:end] = [line.replace("#}", "# }") for line in lines[1:end]]
    out[end] = f'{FENCE} #}}{{% extends "{LAYOUT}" %}}'
    Writer(out, path).write(_Reader(lines, path).read(end + 1))
    return "\n".join(out)


class HandoutLoader(FileSystemLoader):
    """Jinja's file loader, serving a ``.md`` handout compiled to markup.

    The file's own name and modification check are kept, so errors name the
    ``.md`` file and an edit is picked up as with any template.
    """

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except (UnicodeDecodeError, IsADirectoryError):  # a layout piece saved wrongly
            path = Path(self.searchpath[0]) / template
            read_text(path, lambda why: ContentError(why, path=path))  # names file and line
            raise
        if template.endswith(MARKDOWN_SUFFIX):
            source = compile_handout(source, Path(filename))
        return source, filename, uptodate
