"""Personal details written onto a finished PDF, without laying it out again.

The unpersonalized PDF is laid out once (and cached by the web page); its
fields are slots of fixed size whose places it records (``fields.FormPlan``).
Personalizing draws the typed values alone, with ReportLab, on a page of the
same size: each in the fonts of its own script and its own direction, shrunk
to fit its slot, tagged as a Span of the field's P.  That page's content and
fonts are then added to the finished page as an incremental update
(``increment.py``), with the new structure elements and the parent tree's new
MCIDs.  Every font stays embedded, the same inputs give the same bytes, and
nothing is written to disk.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..document import model
from ..errors import FieldError, NoRoomError
from ..i18n.scripts import NEEDS_SHAPING, RIGHT_TO_LEFT
from .bidi import reads_right_to_left
from .fields import GROWS, LINES, MAX_LINES, FormPlan, Slot
from .increment import append_update, rewritten
from .increment import syntax as _syntax
from .paragraphs import LayoutContext, para, text_width
from .structure import Objects, subtree_objects
from .styles import LARGE_PRINT_SIZE, NAME_LINE
from .tagging import Marker, Node, artifact, typed_lang, typed_script
from .textflow import TextMode
from .tounicode import fix_to_unicode

#: Fields that stay on one line, shrinking to fit: a name must never wrap.
ONE_LINE = frozenset({"patient_name", "procedure_date", "clinician"})
#: A value shrinks to this share of the body size before a name may wrap (at spaces)...
SMALLEST = 0.5
#: ...and on to this size in points (300 Chinese characters fill a note's two lines);
#: what still does not fit is refused.
TINIEST = 5.0
_TRIES = 24
#: A note shrinks to this share of the body size; needing more, it gets more lines.
GROW_BELOW = 0.8


def value_flowable(slot: Slot, value: str, ctx: LayoutContext) -> tuple[Flowable, Node]:
    """The value as a paragraph that fits its slot, and the Span it is tagged with."""
    if slot.name in GROWS and value.count("\n") >= MAX_LINES:  # a list typed a line each
        value = " / ".join(line.strip() for line in value.splitlines() if line.strip())
    mode = typed_mode(value, ctx)
    typed = replace(ctx, chain=ctx.chain_for(value), mode=mode)
    node = Node("Span", typed_lang(value, ctx.script) or ctx.lang)
    body = ctx.styles.body
    # next to its label, whichever way the value runs (textflow mirrors a right-to-left one)
    align = TA_RIGHT if ctx.rtl != (mode is not None and mode.rtl) else TA_LEFT
    scale = 1.0
    if slot.name in ONE_LINE:
        natural = text_width((model.Run(value),), typed.chain, body.fontSize) * 1.05
        scale = max(SMALLEST, min(1.0, slot.width / natural)) if natural else 1.0
    for _ in range(_TRIES):
        style = ParagraphStyle("value", parent=body, fontSize=body.fontSize * scale,
                               leading=body.leading * scale, spaceBefore=0, spaceAfter=0,
                               alignment=align)
        flowable = para((model.Run(value),), style, typed, node)
        _, height = flowable.wrap(slot.width, slot.height)
        one_line = height <= style.leading * 1.01
        if height <= slot.height + 0.01 and (one_line or scale <= SMALLEST or
                                             slot.name not in ONE_LINE):
            return flowable, node
        if body.fontSize * scale <= TINIEST:
            break
        if scale < GROW_BELOW and slot.name in GROWS and slot.lines <= LINES[slot.name]:
            # a note stays near the body size (large print's too): the copy is made again
            # with room for it
            raise NoRoomError(slot.name, _lines_needed(value, slot, body, typed, align))
        scale = max(TINIEST / body.fontSize, scale * 0.9)
    label = slot.name.replace("_", " ").capitalize()
    raise FieldError(slot.name, f"{label} ({slot.name}) does not fit in its space on the "
                     f"page, even at {TINIEST:g} pt: {len(value)} characters, "
                     f"{value.count(chr(10)) + 1} lines.",
                     "shorten it, or write the rest by hand on the printout.")


def header_flowable(slot: Slot, value: str, ctx: LayoutContext) -> Flowable:
    """The label, then the name in bold (weight, not a colon, sets them apart: "患者",
    "Patient" and "المريض" take different punctuation), for a later page's header: at
    the document line's size or smaller so it stays on its line, on its side, and in
    the page's direction (the label is in the page's language)."""
    line = f"{slot.header_label} {value}"
    typed = replace(ctx, chain=ctx.chain_for(line), mode=typed_mode(line, ctx))
    def width(name: str, size: float) -> float:
        return text_width((model.Run(f"{slot.header_label} "), model.Run(name, bold=True)),
                          typed.chain, size) * 1.05

    top = slot.height / NAME_LINE  # the document line's size: 8 pt, or 18 in large print
    least = top if top >= LARGE_PRINT_SIZE - 0.01 else TINIEST  # large print: cut, not shrunk
    size = max(least, min(top, top * slot.width / width(value, top)))
    while len(value) > 1 and width(value, size) > slot.width:  # page 1 has it whole
        value = value[:-2].rstrip() + "\u2026"
    text = (model.Run(f"{slot.header_label} "), model.Run(value, bold=True))
    style = ParagraphStyle("header-name", parent=ctx.styles.footer, fontSize=size,
                           leading=slot.height, spaceBefore=0, spaceAfter=0,
                           alignment=TA_RIGHT)  # mirrored on a right-to-left page
    flowable = para(text, style, typed, Node("Span"))
    flowable.tag = None  # an artifact: page 1's field is what a reader gets
    flowable.wrap(slot.width, slot.height)
    return flowable


def _lines_needed(value: str, slot: Slot, body: ParagraphStyle, ctx: LayoutContext,
                  align: int) -> int:
    """How many lines the value takes at full size in the slot's width, at most MAX_LINES
    (a longer note shrinks into them)."""
    style = ParagraphStyle("value", parent=body, spaceBefore=0, spaceAfter=0,
                           alignment=align)
    _, height = para((model.Run(value),), style, ctx, Node("Span")).wrap(slot.width, 1e6)
    return min(MAX_LINES, max(slot.lines + 1, math.ceil(height / body.leading - 0.01)))


def typed_mode(value: str, ctx: LayoutContext) -> TextMode | None:
    """How a typed value is set: in its own direction, and shaped by HarfBuzz when its
    script needs it, whatever the page's (an Arabic name on an English copy joins its
    letters and reads right to left)."""
    rtl = reads_right_to_left(value, ctx.rtl)
    if ctx.mode is not None:
        return replace(ctx.mode, rtl=rtl)
    script = typed_script(value)
    if script in NEEDS_SHAPING or script in RIGHT_TO_LEFT:
        return TextMode(rtl, f"und-{script}")
    return None


def draw_values(filled: list[tuple[Slot, str]], plan: FormPlan, ctx: LayoutContext,
                pagesize: tuple[float, float],
                tagged: bool) -> tuple[bytes, list[tuple[Slot, Node]]]:
    """The values alone, a page for each page that has a slot, and each slot's Span."""
    buffer = io.BytesIO()
    canvas: Any = Canvas(buffer, pagesize=pagesize, invariant=1,
                         initialFontName=ctx.chain.primary.name)
    canvas.marker = Marker() if tagged else None
    if canvas.marker:
        canvas.marker.next_mcid.update(dict(plan.next_mcid))
    nodes = []
    for page in sorted({slot.page for slot, _ in filled}):
        canvas._pageNumber = page + 1  # the marker numbers MCIDs on the finished page
        for slot, value in filled:
            if slot.page != page:
                continue
            if slot.header_label:  # a later page's header: furniture a reader skips
                with artifact(canvas, "Pagination"):
                    header_flowable(slot, value, ctx).drawOn(canvas, slot.x, slot.y)
                continue
            flowable, node = value_flowable(slot, value, ctx)
            _, height = flowable.wrap(slot.width, slot.height)
            top = slot.y + slot.height - height  # a note fills from the top
            flowable.drawOn(canvas, slot.x, slot.y if slot.lines == 1 else top)
            nodes.append((slot, node))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), nodes


def stamp(pdf: bytes, plan: FormPlan, values: Mapping[str, str], ctx: LayoutContext) -> bytes:
    """pdf with values written in its slots, as an incremental update."""
    filled = [(slot, values[slot.name]) for slot in plan.slots
              if values.get(slot.name, "").strip()]
    if not filled:
        return pdf
    import pikepdf  # here, not at import: only personalizing needs it

    target = pikepdf.open(io.BytesIO(pdf))
    box = [float(v) for v in target.pages[0].MediaBox]
    tagged = bool(plan.next_mcid)
    overlay, nodes = draw_values(filled, plan, ctx, (box[2] - box[0], box[3] - box[1]), tagged)
    source = pikepdf.open(io.BytesIO(overlay))
    for number, cmap in fix_to_unicode(source).items():  # shaped names read as letters
        source.get_object(number, 0).write(cmap)
    objects = Objects(next=int(target.trailer.Size))
    raw: dict[int, tuple[bytes, bytes]] = {}
    pages = sorted({slot.page for slot, _ in filled})
    for index, page in enumerate(pages):
        _add_content(target, target.pages[page].obj, source.pages[index].obj, objects, raw)
    if tagged:
        _add_structure(target, nodes, objects)
    return append_update(pdf, target.trailer, objects.plain, objects.streams, raw)


def _add_content(target: Any, page: Any, drawn: Any, objects: Objects,
                 raw: dict[int, tuple[bytes, bytes]]) -> None:
    """The drawn page's content after page's own (each in its own graphics state), its
    fonts copied in under names that cannot clash with the page's."""
    import pikepdf

    fonts = _copy_fonts(target, drawn, objects, raw)
    renamed = {str(name): "/S" + str(name)[1:] for name in fonts}
    # numbers pikepdf knows of, so the next page's copied fonts cannot take them
    save, added = (target.make_indirect(pikepdf.Stream(target, b"")).objgen[0]
                   for _ in range(2))
    objects.next = max(objects.next, save + 1, added + 1)
    objects.streams[save] = (b"<< >>", b"q\n")
    objects.streams[added] = (b"<< >>", b"Q\n" + _renamed_content(drawn, renamed))
    old = page.Contents  # one stream, or an array of them (a page stamped before)
    parts = [_syntax(c) for c in old] if isinstance(old, pikepdf.Array) else [_syntax(old)]
    resources = page.Resources
    fonts_here = [f"{key} {_syntax(value)}" for key, value in resources.Font.items()]
    fonts_here += [f"{renamed[str(key)]} {_syntax(value)}" for key, value in fonts.items()]
    fonts_text = "<< " + " ".join(fonts_here) + " >>"
    objects.plain[page.objgen[0]] = rewritten(page, {
        "/Contents": f"[{save} 0 R {' '.join(parts)} {added} 0 R]",
        "/Resources": rewritten(resources, {"/Font": fonts_text}).decode("latin-1")
    })


def _copy_fonts(target: Any, drawn: Any, objects: Objects,
                raw: dict[int, tuple[bytes, bytes]]) -> Any:
    """The drawn page's font dictionary, copied into target with what it refers to;
    the copies written as new objects (streams as they are encoded)."""
    import pikepdf

    fonts = target.copy_foreign(drawn.Resources.Font)
    for font in fonts.values():  # not the name of a subset of the page's own (AAAAAA+...)
        tagged_name = str(font.get("/BaseFont", ""))
        if "+" in tagged_name:
            name = pikepdf.Name("/P" + tagged_name[2:])
            font.BaseFont = name
            if "/FontDescriptor" in font:
                font.FontDescriptor.FontName = name
    first_new = objects.next
    new = _new_objects(fonts, first_new, {})
    objects.next = max([first_new, *(n + 1 for n in new)])
    for number, obj in new.items():
        if isinstance(obj, pikepdf.Stream):
            raw[number] = (rewritten(obj.stream_dict, drop=("/Length",)), obj.read_raw_bytes())
        else:
            objects.plain[number] = obj.unparse(resolved=True)
    return fonts


def _renamed_content(drawn: Any, renamed: dict[str, str]) -> bytes:
    """The drawn page's content stream with its fonts renamed."""
    import pikepdf

    program = []
    for instruction in pikepdf.parse_content_stream(drawn):
        operands, operator = list(instruction.operands), instruction.operator
        if str(operator) == "Tf":
            operands[0] = pikepdf.Name(renamed[str(operands[0])])
        program.append(pikepdf.ContentStreamInstruction(operands, operator))
    return pikepdf.unparse_content_stream(program)


def _new_objects(obj: Any, first_new: int, found: dict[int, Any]) -> dict[int, Any]:
    """Indirect objects reachable from obj that the copy made (numbered from first_new)."""
    import pikepdf

    if obj.is_indirect and obj.objgen[0] >= first_new:
        if obj.objgen[0] in found:
            return found
        found[obj.objgen[0]] = obj
    if isinstance(obj, pikepdf.Stream):
        children = list(obj.stream_dict.values())
    elif isinstance(obj, pikepdf.Dictionary):
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        children = []
    for child in children:
        if isinstance(child, pikepdf.Object) and (not child.is_indirect or
                                                  child.objgen[0] >= first_new):
            _new_objects(child, first_new, found)
    return found


def _add_structure(target: Any, nodes: list[tuple[Slot, Node]], objects: Objects) -> None:
    """A Span under each field's P for its value, and the parent tree's new MCIDs."""
    import pikepdf

    refs = [f"{page.obj.objgen[0]} 0 R" for page in target.pages]
    owned: dict[int, dict[int, int]] = {}
    for slot, node in nodes:
        number, owners = subtree_objects(node, slot.element, refs, objects)
        if not number:
            continue
        for page, marks in owners.items():
            owned.setdefault(page, {}).update(marks)
        element = target.get_object(slot.element, 0)
        kids = element.K
        old = [k.unparse().decode("latin-1") for k in kids] \
            if isinstance(kids, pikepdf.Array) else [kids.unparse().decode("latin-1")]
        objects.plain[slot.element] = rewritten(element, {
            "/K": f"[{' '.join(old)} {number} 0 R]"})
    nums = target.Root.StructTreeRoot.ParentTree.Nums
    arrays = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page, marks in owned.items():
        array = arrays[page]
        kept = [item.unparse().decode("latin-1") for item in array]
        assert sorted(marks)[0] == len(kept), "new MCIDs follow the page's own"
        objects.plain[array.objgen[0]] = ("[" + " ".join(
            kept + [f"{marks[m]} 0 R" for m in sorted(marks)]) + "]").encode("latin-1")
