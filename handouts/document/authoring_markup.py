"""Stage 1: the blocks of a handout in the authoring format, written as handout markup.

``authoring.py`` reads a ``.md`` handout into :class:`Block` objects; the
:class:`Writer` here writes each one whole on the output line of its first
input line (the vocabulary of ``markup.py``), checking that it stands where it
may, and turns each heading, paragraph and item into one ``{% trans %}``
message: placeholders become ``%(name)s`` with the brand's value passed,
``**bold**`` becomes ``<b>``, and anything that would be template code is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import ContentError
from .markup import BOX_KINDS

#: The brand values a sentence may name, and the template expression for each.
PLACEHOLDERS = MappingProxyType({
    "organization": "brand.name",
    "phone_day": "brand.phone_day",
    "phone_after_hours": "brand.phone_after_hours",
})
MAX_LINES = 20  # write-in lines in one block (markup.py's limit)

_PLACEHOLDER = re.compile(r"\{(?P<name>[^{}]*)\}")
_BOLD = re.compile(r"\*\*(?P<text>.+?)\*\*")
_TAG = re.compile(r"</?\s*(b|br)\s*/?>", re.IGNORECASE)


@dataclass
class Block:
    """One block of the file: where it starts, and what it says."""

    kind: str  # title heading p ul ol lines box end comment
    line: int  # 1-based
    text: str = ""
    value: str = ""  # a step's number, a box's kind, the number of write-in lines
    sub_line: int = 0  # the title's subtitle: its line and text
    subtitle: str = ""


class Fail:
    """A ContentError for one line of the file."""

    def __init__(self, path: Path, line: int) -> None:
        self.path, self.line = path, line

    def __call__(self, message: str, hint: str = "") -> ContentError:
        return ContentError(message, path=self.path, line=self.line, hint=hint)


_LISTING = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def _check(text: str, fail: Fail) -> None:
    """Refuse what would not print as typed: template code, comments, tags."""
    if not text:
        raise fail("this block has no text.")
    if any(mark in text for mark in ("{{", "{%", "{#")):
        raise fail("template code ({{, {% or {#) is not part of a handout's text.",
                   f"write the words as they should print; for the brand's values use "
                   f"{_LISTING}.")
    if "<!--" in text:
        raise fail("a comment must be on lines of its own.",
                   "put it on the line before the block it is about.")
    if tag := _TAG.search(text):
        raise fail(f"{tag.group(0)!r}: markup is not written as tags in a handout.",
                   "write **bold words** for bold; start a new paragraph or item for a "
                   "new line.")


def _placeholders(text: str, fail: Fail) -> tuple[str, list[str]]:
    """The text with each {name} as a trans variable, and the names used."""
    names = []
    for found in _PLACEHOLDER.finditer(text):
        name = found.group("name").strip()
        if name not in PLACEHOLDERS:
            from difflib import get_close_matches  # here: only a mistake needs it

            nearest = get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0)
            raise fail(f"{{{name}}} is not a placeholder; did you mean {{{nearest[0]}}}?",
                       f"the placeholders are {_LISTING}; braces print only as part of one.")
        names.append(name)
    if set(_PLACEHOLDER.sub("", text)) & set("{}"):
        raise fail("a brace { or } that is not part of a placeholder.",
                   f"the placeholders are {_LISTING}; reword the sentence without other "
                   f"braces.")
    body = _PLACEHOLDER.sub(lambda m: f"{{{{ {m.group('name').strip()} }}}}", text)
    return body, list(dict.fromkeys(names))


def as_message(text: str, fail: Fail) -> str:
    """One heading, paragraph or item as a ``{% trans %}`` message, checked.

    A block that is bold as a whole keeps ``<b>`` outside the message, so
    translators see the sentence alone.
    """
    text = re.sub(r"[ \t]+", " ", text).strip()
    _check(text, fail)
    whole = re.fullmatch(r"\*\*(?P<text>.+)\*\*", text)
    if whole is not None and "**" not in whole.group("text"):
        return f"<b>{as_message(whole.group('text'), fail)}</b>"
    body, names = _placeholders(text, fail)
    body = _BOLD.sub(r"<b>\g<text></b>", body)
    if "**" in body:
        raise fail("a `**` that is not closed: bold words go between two pairs, "
                   "**like this**.")
    variables = "".join(f" {n}={PLACEHOLDERS[n]}," for n in names).rstrip(",")
    return f"{{% trans{variables} %}}{body}{{% endtrans %}}"


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", _PLACEHOLDER.sub("", text).lower()).strip("-")[:40]
    slug, count = base or "section", 1
    while slug in taken:
        count += 1
        slug = f"{base or 'section'}-{count}"
    taken.add(slug)
    return slug


class Writer:
    """Writes each block as markup on its own line, checking where it may stand."""

    def __init__(self, out: list[str], path: Path) -> None:
        self.out = out
        self.path = path
        self.title: Block | None = None
        self.box: Block | None = None
        self.box_heading = False  # a box was opened; its heading has not come yet
        self.section = False
        self.list: Block | None = None  # the open list's last item
        self.steps = 0
        self.last = 0  # the line of the latest content: closing tags go there
        self.ids: set[str] = set()

    def fail(self, block: Block, message: str, hint: str = "") -> ContentError:
        return Fail(self.path, block.line)(message, hint)

    def put(self, block: Block, markup: str, line: int = 0) -> None:
        self.last = (line or block.line) - 1
        self.out[self.last] += markup

    def message(self, block: Block, text: str = "", line: int = 0) -> str:
        return as_message(text or block.text, Fail(self.path, line or block.line))

    def write(self, blocks: list[Block]) -> None:
        for block in blocks:
            if self.title is None and block.kind not in ("title", "comment"):
                raise self.fail(block, "the handout starts with its title, `# Title`, "
                                       "right after the metadata.")
            if block.kind == "comment":
                self.out[block.line - 1] += f"{{# {block.text} #}}"
                continue
            if block.kind not in ("ul", "ol"):
                self.end_list()
            if self.box_heading and block.kind != "heading":
                assert self.box is not None
                raise self.fail(block, f"the box opened on line {self.box.line} must start "
                                       f"with its heading, `## Heading`.")
            getattr(self, f"_{block.kind}")(block)
        self.finish()

    def finish(self) -> None:
        self.end_list()
        if self.box is not None:
            raise self.fail(self.box, "this box is never closed with `:::`.")
        if self.section:
            self.out[self.last] += "</section>"
        if self.title is None:
            raise Fail(self.path, 1)("the handout has no title; write `# Title` after "
                                      "the metadata.")
        self.out[-1] += "{% endblock %}"

    def end_list(self) -> None:
        if self.list is not None:
            self.out[self.last] += f"</{self.list.kind}>"
        self.list, self.steps = None, 0

    def _title(self, block: Block) -> None:
        if self.title is not None:
            raise self.fail(block, f"a handout has one title (line {self.title.line}).",
                            "use `## Heading` for a section heading.")
        self.title = block
        self.put(block, f"{{% block title %}}{self.message(block)}{{% endblock %}}")
        if block.sub_line:
            subtitle = self.message(block, block.subtitle, block.sub_line)
            self.put(block, f"{{% block subtitle %}}{subtitle}{{% endblock %}}",
                     block.sub_line)
        self.out[self.last] += "{% block body %}"

    def _heading(self, block: Block) -> None:
        if self.box_heading:
            self.box_heading = False
            self.put(block, f"<h>{self.message(block)}</h>")
            return
        if self.box is not None:
            raise self.fail(block, f"a box has one heading, its first line; the box opened "
                                   f"on line {self.box.line} is still open.",
                            "close the box with `:::` before the next section.")
        if self.section:
            self.out[self.last] += "</section>"
        self.section = True
        section_id = _slug(block.text, self.ids)
        self.put(block, f'<section id="{section_id}"><h>{self.message(block)}</h>')

    def _p(self, block: Block) -> None:
        self.put(block, f"<p>{self.message(block)}</p>")

    def _ul(self, block: Block) -> None:
        if self.list is not None and self.list.kind != block.kind:
            self.end_list()
        opening = f"<{block.kind}>" if self.list is None else ""
        if block.kind == "ol":
            self.steps += 1
            if int(block.value) != self.steps:
                raise self.fail(block, f"step {self.steps} is numbered {block.value}.",
                                f"number the steps 1, 2, 3 in order; write {self.steps}.")
        self.list = block
        self.put(block, f"{opening}<li>{self.message(block)}</li>")

    _ol = _ul

    def _lines(self, block: Block) -> None:
        if self.box is not None:
            raise self.fail(block, "write-in lines cannot go in a box.",
                            "put [lines N] in a section, after the box is closed.")
        if not 1 <= int(block.value) <= MAX_LINES:
            raise self.fail(block, f"[lines {block.value}]: write from 1 to {MAX_LINES} lines.")
        self.put(block, f'<lines n="{int(block.value)}"/>')

    def _box(self, block: Block) -> None:
        if self.box is not None:
            raise self.fail(block, f"the box opened on line {self.box.line} is still open; "
                                   f"boxes cannot be nested.", "close it with `:::` first.")
        if block.value not in BOX_KINDS:
            from difflib import get_close_matches

            nearest = get_close_matches(block.value, sorted(BOX_KINDS), n=1, cutoff=0)
            raise self.fail(block, f"`::: {block.value}` is not a kind of box; did you mean "
                                   f"`::: {nearest[0]}`?",
                            "the kinds are " + ", ".join(sorted(BOX_KINDS)) + ".")
        if self.section:
            self.out[self.last] += "</section>"
            self.section = False
        self.box, self.box_heading = block, True
        self.put(block, f'<box kind="{block.value}">')

    def _end(self, block: Block) -> None:
        if self.box is None:
            raise self.fail(block, "`:::` closes a box, but no box is open.")
        self.box = None
        self.put(block, "</box>")

