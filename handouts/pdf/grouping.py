"""What stays together on paper, for both layouts, and how a bilingual copy pairs blocks.

One place decides page grouping, so the one-language and the bilingual
layout cannot drift apart: a box never splits, a heading never sits alone
at the foot of a page, and the legal fine print is one unit set off by a
rule (never a last page holding one legal paragraph).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from ..document import model
from ..errors import ContentError
from .flowables import Rule
from .styles import Styles

#: Lines of body text that must fit under a heading, or it moves to the next page.
HEADING_KEEP_LINES = 5


def keep(block: model.Block, flowables: list[Flowable], styles: Styles) -> list[Flowable]:
    """Wrap a block's flowables (either layout's) as the block's kind requires."""
    s = styles
    match block:
        case model.Box():
            return [KeepTogether(flowables)]
        case model.Section():
            return [CondPageBreak(s.leading * HEADING_KEEP_LINES), *flowables]
        case model.FinePrint():
            rule = Rule(width="100%", thickness=0.6, color=s.palette.primary,
                              spaceBefore=s.size, spaceAfter=s.size * 0.6)
            return [KeepTogether([rule, *flowables])]
        case model.Paragraph() | model.BulletList() | model.Steps() | model.Fields() \
                | model.WriteIn():
            return flowables
        case _:
            assert_never(block)


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
