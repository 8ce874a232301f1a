"""What stays together on paper, for both layouts, and how a bilingual copy pairs blocks.

One place decides page grouping, so the one-language and the bilingual
layout cannot drift apart: a box never splits, a heading never sits alone
at the foot of a page, write-in lines stay with the questions they answer,
and the legal fine print is one unit set off by a rule that takes the block
before it along (never a last page holding only legal text).  Where such a
group is taller than a page (large print), ``TailGroup`` takes as much of
the block's end along as fits; where even the last item of a list, its
write-in lines and the fine print do not fit on one page (18 pt fine print
fills half a page or more), the fine print has the last page to itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_never

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether
from reportlab.platypus.doctemplate import NullActionFlowable
from reportlab.platypus.flowables import _ContainerSpace

from ..document import model
from ..errors import ContentError
from .flowables import HeadingKeeper, Rule, draw_stacked, stacked_height
from .styles import Styles

#: Lines of room a heading needs below it, or it moves to the next page; the heading
#: then keeps with two lines at least of what follows (flowables.HeadingKeeper).  A
#: stacked bilingual heading is two headings deep, so it asks for more.
HEADING_KEEP_LINES = 3
STACKED_HEADING_KEEP_LINES = 5


def keep(block: model.Block, flowables: list[Flowable], styles: Styles,
         heading_lines: int = HEADING_KEEP_LINES) -> list[Flowable]:
    """Wrap a block's flowables (either layout's) as the block's kind requires."""
    s = styles
    match block:
        case model.Box():
            return [KeepTogether(flowables)]
        case model.Section():
            return [CondPageBreak(s.leading * heading_lines), *_heading_kept(flowables)]
        case model.FinePrint():
            rule = Rule(width="100%", thickness=0.6, color=s.palette.primary,
                              spaceBefore=s.size, spaceAfter=s.size * 0.6)
            return [KeepTogether([rule, *flowables])]
        case model.Paragraph() | model.BulletList() | model.Steps() | model.Fields() \
                | model.WriteIn():
            return flowables
        case _:
            assert_never(block)


def _heading_kept(flowables: list[Flowable]) -> list[Flowable]:
    """ReportLab keeps a heading with what follows it, unless that is a list (a
    container): then the heading could end a page alone. Those two are kept here."""
    count = 0
    while count < len(flowables) and _keeps_with_next(flowables[count]):
        count += 1
    if 0 < count < len(flowables) and isinstance(flowables[count], _ContainerSpace):
        return [HeadingKeeper(flowables[:count + 1]), *flowables[count + 1:]]
    return flowables


def section_body(heading: list[Flowable],
                 parts: list[tuple[model.Block, list[Flowable]]]) -> list[Flowable]:
    """A section's flowables (either layout's): write-in lines are kept on the page of the
    block they answer (a list of questions), and with the heading when that block comes
    first: never lines alone at the top of a page, or a heading alone at the bottom."""
    body: list[Flowable] = list(heading)
    last: list[Flowable] = list(heading)
    for child, made in parts:
        if isinstance(child, model.WriteIn) and last:
            along = list(last)
            del body[-len(last):]
            if body == heading:
                body, along = [], [*heading, *along]
            made = [TailGroup(along, made)]
        body.extend(made)
        last = made
    return body


def add_block(story: list[Flowable], block: model.Block, flowables: list[Flowable]) -> None:
    """Add a block's flowables to the story. The fine print takes the block before it
    (with that block's heading) to its page: a last page never holds only legal text."""
    if not isinstance(block, model.FinePrint):
        story.extend(flowables)
        return
    along: list[Flowable] = []
    while story:
        along.insert(0, story.pop())
        if not story or not _keeps_with_next(story[-1]):
            break
    story.append(TailGroup(along, flowables))


def _keeps_with_next(flowable: Flowable) -> bool:
    """A heading (or its outline entry) that must not stay behind on the page before."""
    return bool(flowable.getKeepWithNext()) or hasattr(flowable, "outline_key")


def _size(block: model.Block) -> int:
    """How many parts a bilingual copy pairs one to one inside a block."""
    return len(block.fields) if isinstance(block, model.Fields) else len(model.children(block))


def _same_shape(a: model.Block, b: model.Block, path: str) -> None:
    if type(a) is not type(b):
        found = f"a {type(a).__name__} where English has a {type(b).__name__}"
    elif _size(a) != _size(b):
        found = f"a {type(a).__name__} of {_size(a)} parts where English has {_size(b)}"
    else:
        return
    raise ContentError(f"the translated handout has {found}; a bilingual copy needs the same "
                       f"structure", path=path,
                       hint="render the template in both languages and compare; a block "
                            "inside {% if %} must not depend on the language.")


def pairs(blocks: tuple[model.Block, ...], source: tuple[model.Block, ...],
          path: str) -> Iterator[tuple[model.Block, model.Block]]:
    """(translated, English) blocks side by side; ContentError naming the handout if the
    two documents differ in shape."""
    if len(blocks) != len(source):
        raise ContentError("the translated handout has a different number of blocks from "
                           "English", path=path)
    for block, original in zip(blocks, source, strict=True):
        _same_shape(block, original, path)
        yield block, original


def _flattened(flowables: list[Flowable]) -> list[Flowable]:
    """KeepTogether's content without nested KeepTogethers: a nested one measures as
    taller than any page, which would push the whole group to a page of its own."""
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            out.extend(_flattened(flowable._content))
        elif isinstance(flowable, TailGroup):
            out.extend(flowable._parts())
        else:
            out.append(flowable)
    return out


class Whole(Flowable):
    """Flowables drawn as one unit that never splits (the fine print inside the group
    that takes it along), unless it is taller than a whole page.

    KeepTogether cannot nest: an inner one measures as taller than any page.
    """

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self._content = content

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = stacked_height(self.canv, self._content, availWidth, availHeight)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self._content[0].getSpaceBefore()) if self._content else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self._content[-1].getSpaceAfter()) if self._content else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        frame = getattr(self, "_frame", None)
        taller_than_a_page = frame is not None and self.height > frame._height
        return list(self._content) if taller_than_a_page else []

    def draw(self) -> None:
        draw_stacked(self.canv, self._content, self.width, self.height)


class TailGroup(Flowable):
    """What must not start a page (write-in lines, the fine print) with the block
    before it, as one unit where the two fit on a page.

    Where they are taller than a page (large print), the block's tail goes along,
    as much of it as fits on one page with them: the rest flows as usual, and no
    page starts with lines or holds only legal text.  Tables, lists and paragraphs
    are split for the tail; every search is bounded.
    """

    def __init__(self, along: list[Flowable], anchor: list[Flowable]) -> None:
        super().__init__()
        self._kept, self._along = along, _flattened(along)
        self._fine = Whole(_flattened(anchor))

    def _parts(self) -> list[Flowable]:
        return [*self._along, self._fine]

    @property
    def drawn_whole(self) -> list[Flowable]:
        """What it draws when it fits (write.py bookmarks the headings among them)."""
        return self._parts()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = stacked_height(self.canv, self._parts(), availWidth, availHeight)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self._parts()[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self._fine.getSpaceAfter())

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        frame = getattr(self, "_frame", None)
        page = frame._height if frame is not None else availHeight
        if self.height <= page:
            return []  # to the next page, whole
        head, tail = _tail_for(self.canv, self._along, self._fine, availWidth, page)
        # The first part need not fit here: the action puts the parts back in the queue.
        if all(isinstance(f, Whole) for f in tail):  # nothing to read fits beside it:
            return [NullActionFlowable(), *self._kept, *self._fine._content]  # as it was
        return [NullActionFlowable(), *head, KeepTogether([*tail, self._fine])]

    def draw(self) -> None:
        draw_stacked(self.canv, self._parts(), self.width, self.height)


def _tail_for(canv: Any, along: list[Flowable], fine: Flowable, width: float,
              page: float) -> tuple[list[Flowable], list[Flowable]]:
    """(head, tail): along cut so that tail and the fine print fit on one page, with as
    much of along in the tail as fits (whole flowables from the end, then the last
    parts of the next one when it splits)."""
    tail: list[Flowable] = []
    head = list(along)
    while head:
        if stacked_height(canv, [head[-1], *tail, fine], width, page) <= page:
            tail.insert(0, head.pop())
            continue
        first, last = _last_parts(canv, head[-1], [*tail, fine], width, page)
        if last:
            head[-1:] = first
            tail[:0] = last
        break
    while head and tail and _keeps_with_next(head[-1]):  # a heading stays with its text:
        parts = [] if isinstance(tail[0], Whole) else tail[0].splitOn(canv, width, page)
        if len(parts) > 1:  # its first part, where that splits (a list: its first item)
            head.append(parts[0])
            tail[0:1] = parts[1:]
            break
        head.append(tail.pop(0))
    return head, tail


def _last_parts(canv: Any, flowable: Flowable, below: list[Flowable], width: float,
                page: float) -> tuple[list[Flowable], list[Flowable]]:
    """flowable split, as (first parts, last parts) where the last parts fit on a page
    with what comes below them; ([], []) if it does not split so."""
    _, whole = flowable.wrapOn(canv, width, page)
    step = max(whole / 40, 6.0)
    first = whole - (page - stacked_height(canv, below, width, page))
    for _ in range(12):  # bounded: a splitter may refuse, or give parts that do not fit
        if 0 < first < whole:
            parts = flowable.splitOn(canv, width, first)
            for cut in range(1, len(parts)):  # a list splits into all its items
                if stacked_height(canv, [*parts[cut:], *below], width, page) <= page:
                    return list(parts[:cut]), list(parts[cut:])
        first += step
    return [], []
