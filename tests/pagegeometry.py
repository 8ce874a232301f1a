"""Page faults a reader would see on paper, found by geometry and the structure tree.

Positions come from pdfplumber, the structure tree (which element owns which
marked content on which page) from pikepdf: neither is our own layout code.
``page_faults`` returns one line per fault, by kind, empty when the pages print right:

- a box (a top-level ``Div`` with a heading) split across pages though it fits on
  one, or continued without its heading drawn again;
- a heading last on its page, its first lines on the next;
- write-in lines starting a page, away from the text they answer;
- body text inside the header or footer band;
- a page with nothing to read, or a last page with only the fine print;
- text drawn over text, or a rule with no text beside it (pagecollisions.py);
- in large print, any word smaller than 18 pt, in the document or in the page
  furniture (header, footer, notices, page numbers).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
import pikepdf
from pagecollisions import bare_rules, overlapping_lines

LARGE = 17.95  # 18 pt, less rounding in the text matrix
Mark = tuple[int, int]  # (page index, MCID)


@dataclass
class Element:
    role: str
    marks: list[Mark] = field(default_factory=list)  # its own, in reading order
    children: list[Element] = field(default_factory=list)

    def all_marks(self) -> list[Mark]:
        found = list(self.marks)
        for child in self.children:
            found += child.all_marks()
        return found

    def walk(self) -> list[Element]:
        return [self, *(e for child in self.children for e in child.walk())]


def structure(document: pikepdf.Pdf) -> Element:
    """The structure tree's document element, with each element's marked content."""
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    root = document.Root.StructTreeRoot.K
    top = root[0] if isinstance(root, pikepdf.Array) else root
    return _element(top, pages, -1)


def _element(obj: Any, pages: dict[tuple[int, int], int], page: int) -> Element:
    if "/Pg" in obj:
        page = pages[obj.Pg.objgen]
    element = Element(str(obj.S)[1:])
    kids = obj.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
        if isinstance(kid, int):
            element.marks.append((page, int(kid)))
        elif "/S" in kid:
            element.children.append(_element(kid, pages, page))
        elif "/MCID" in kid:  # a marked-content reference, maybe on another page
            on = pages[kid.Pg.objgen] if "/Pg" in kid else page
            element.marks.append((on, int(kid.MCID)))
    return element


@dataclass
class Page:
    number: int
    height: float
    chars: list[dict[str, Any]]  # upright characters (the watermark is left out)
    graphics: list[dict[str, Any]]  # lines, rects and images
    header_bottom: float = 0.0  # pdfplumber's "top": distance from the page's top edge
    footer_top: float = 0.0


def _pages(plumber: Any) -> list[Page]:
    pages = []
    for index, page in enumerate(plumber.pages):
        chars = [c for c in page.chars if c["upright"] and c["text"].strip()]
        pages.append(Page(index, float(page.height), chars,
                          [*page.lines, *page.rects, *page.images]))
    return pages


def plumbed_pages(plumber: Any) -> list[Page]:
    """A pdfplumber document's pages, with the furniture's bands found."""
    pages = _pages(plumber)
    _bands(pages, float(plumber.pages[0].width))
    return pages


def _bands(pages: list[Page], width: float) -> None:
    """The furniture's bands, from a page after the first (all artifacts there): down to
    the header rule (the first long rule) and the notice lines right under it; from the
    footer rule (the last long rule) down."""
    model = pages[1] if len(pages) > 1 else pages[0]
    rules = [g["top"] for g in model.graphics
             if g["object_type"] == "line" and g["x1"] - g["x0"] > width * 0.6
             and abs(g["bottom"] - g["top"]) < 1]
    header = min((r for r in rules if r < model.height / 4), default=0.0)
    for char in sorted((c for c in model.chars if c.get("tag") == "Artifact"),
                       key=lambda c: c["top"]):
        if header <= char["top"] <= header + 24:  # the next notice line, close under (an
            # 18 pt Arabic line's glyphs start 17 pt under the one above)
            header = max(header, char["bottom"])
    # (the lowest long rule: large print's 18 pt footer reaches above a quarter of the page)
    footer = max((r for r in rules if r > model.height / 2), default=model.height)
    for page in pages:
        page.header_bottom, page.footer_top = header, footer


KINDS = ("box", "heading", "write-in", "zone", "empty", "overlap", "bare rule", "small text",
         "small furniture")
EVERY_VARIANT = KINDS[:7]  # the last two hold in large print only


def page_faults(pdf: bytes, large_print: bool = False) -> dict[str, list[str]]:
    """Every fault on these pages by kind (KINDS), one line each; empty lists when the
    pages print right."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = structure(document)
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        width = float(plumber.pages[0].width)
        pages = plumbed_pages(plumber)
    return {"box": _boxes(tree, pages), "heading": _headings(tree),
            "write-in": _write_in_lines(pages, width, large_print),
            "zone": _zones(pages, tree), "empty": _empty_pages(pages, tree, large_print),
            "overlap": overlapping_lines(pages), "bare rule": bare_rules(pages),
            "small text": _small_text(pages, tree, False) if large_print else [],
            "small furniture": _small_text(pages, tree, True) if large_print else []}


def _pages_of(element: Element) -> list[int]:
    return sorted({page for page, _ in element.all_marks()})


def _boxes(tree: Element, pages: list[Page]) -> list[str]:
    """A box stays on one page; one taller than a page continues with its heading again
    (drawn as an artifact) at the top of each page it continues on."""
    faults = []
    for element in tree.children:
        heading = next((c for c in element.children if c.role.startswith("H")), None)
        if element.role != "Div" or heading is None or len(_pages_of(element)) < 2:
            continue
        on = _pages_of(element)
        marks = set(element.all_marks())
        tall = sum(_box_height(pages[p], [c for c in pages[p].chars
                                          if (p, c.get("mcid")) in marks], p != on[0])
                   for p in on)
        frame = pages[on[0]].footer_top - pages[on[0]].header_bottom
        title = _squeeze(c["text"] for c in pages[on[0]].chars
                         if (on[0], c.get("mcid")) in set(heading.all_marks()))
        again = [p for p in on[1:] if title and title in _squeeze(
            c["text"] for c in pages[p].chars if c.get("tag") == "Artifact")]
        if tall < frame * 0.95:  # (the space around the box counts too)
            faults.append(f"a box ({tall:.0f} pt, the page holds {frame:.0f}) splits across "
                          f"pages {[p + 1 for p in on]}")
        elif again != on[1:]:
            faults.append(f"a box continues on pages {[p + 1 for p in on[1:]]} without its "
                          f"heading {title[:30]!r}")
    return faults


def _box_height(page: Page, chars: list[dict[str, Any]], continued: bool) -> float:
    """The height of the box's background on a page, less the heading drawn again
    where it continues."""
    if not chars:
        return 0.0
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    left = min(c["x0"] for c in chars)
    around = [g for g in page.graphics if g["object_type"] == "rect" and g["top"] <= top
              and g["bottom"] >= bottom and g["x0"] <= left]
    if not around:
        return bottom - top
    rect = max(around, key=lambda g: g["bottom"] - g["top"])
    return float(rect["bottom"] - (top if continued else rect["top"]))


def _squeeze(texts: Any) -> str:
    return "".join("".join(texts).split())


def _headings(tree: Element) -> list[str]:
    """A heading's page is the page of the first thing after it in reading order."""
    faults = []
    for element in tree.walk():
        for index, child in enumerate(element.children[:-1]):
            if child.role in ("H1", "H2", "H3") and child.all_marks():
                after = next((m for c in element.children[index + 1:] for m in c.all_marks()),
                             None)
                heading_page = child.all_marks()[-1][0]
                if after is not None and after[0] != heading_page:
                    faults.append(f"a heading ends page {heading_page + 1}; "
                                  f"its text starts page {after[0] + 1}")
    return faults


def _body(page: Page, chars: bool = True) -> list[dict[str, Any]]:
    """What lies between the header and footer bands."""
    objects = page.chars if chars else page.graphics
    return [o for o in objects if o["top"] > page.header_bottom + 1
            and o["bottom"] < page.footer_top - 1]


def _write_in_lines(pages: list[Page], width: float, large_print: bool) -> list[str]:
    """The first thing in a page's body is never a write-in line (a long rule that is
    not the edge of a box)."""
    near = 27.0 if large_print else 14.0  # a rule this close over text sets it off (the
    # fine print's: 24 pt over Arabic at 18 pt); write-in lines are 38 pt apart there
    faults = []
    for page in pages:
        body_chars = [c for c in _body(page) if c.get("tag") != "Artifact"]
        if not body_chars:
            continue
        first_text = min(c["top"] for c in body_chars)
        edges = {round(g["top"]) for g in page.graphics if g["object_type"] == "rect"}
        edges |= {round(g["bottom"]) for g in page.graphics if g["object_type"] == "rect"}
        lines = [g for g in _body(page, chars=False) if g["object_type"] == "line"
                 and g["x1"] - g["x0"] > width / 3 and abs(g["bottom"] - g["top"]) < 1
                 and round(g["top"]) not in edges and g["top"] < first_text - near]
        # (a rule right above text sets it off, as above the fine print: not lines to fill)
        if lines:
            faults.append(f"page {page.number + 1} starts with {len(lines)} write-in line(s)")
    return faults


def _once(tree: Element) -> set[Mark]:
    """What page 1 tags of its furniture (the document's children before its title)."""
    once: set[Mark] = set()
    for child in tree.children:
        if child.role == "H1":
            break
        once |= set(child.all_marks())
    return once


def _zones(pages: list[Page], tree: Element) -> list[str]:
    """Body text and drawing stay out of the header and footer bands; on page 1 the
    furniture a reader gets once is tagged (the document's children before its title)."""
    once = _once(tree)
    faults = []
    for page in pages:
        for char in page.chars:
            if char.get("tag") == "Artifact" or (page.number, char.get("mcid")) in once:
                continue
            if char["top"] < page.header_bottom - 0.5 or char["bottom"] > page.footer_top + 0.5:
                faults.append(f"page {page.number + 1}: text {char['text']!r} at "
                              f"{char['top']:.0f} pt is in the header or footer band")
                break
    return faults


def _empty_pages(pages: list[Page], tree: Element, large_print: bool) -> list[str]:
    """No page without something to read; no last page holding only the fine print,
    all of it. In large print the fine print may have its own last page where it fills
    half the body or more: with the questions' write-in lines and one question it would
    not fit on one page, and the lines must stay with their questions."""
    faults = []
    content: dict[int, set[int]] = {}
    for index, child in enumerate(tree.children):
        for page, _ in child.all_marks():
            content.setdefault(page, set()).add(index)
    for page in pages:
        if not content.get(page.number):
            faults.append(f"page {page.number + 1} has nothing to read")
    last = len(pages) - 1
    fine = len(tree.children) - 1
    if tree.children and tree.children[fine].role == "Div" and content.get(last) == {fine} \
            and min(page for page, _ in tree.children[fine].all_marks()) == last \
            and not (large_print and _share(pages[last], tree.children[fine]) >= 0.5):
        faults.append(f"the last page ({last + 1}) holds only the fine print")
    return faults


def _share(page: Page, element: Element) -> float:
    """How much of the page's body (between the bands) the element's text spans."""
    marks = set(element.all_marks())
    tops = [(c["top"], c["bottom"]) for c in page.chars if (page.number, c.get("mcid")) in marks]
    if not tops:
        return 0.0
    spans = max(b for _, b in tops) - min(t for t, _ in tops)
    return spans / (page.footer_top - page.header_bottom)


def _small_text(pages: list[Page], tree: Element, furniture: bool) -> list[str]:
    """Characters under 18 pt: the document's own (furniture=False) or the page
    furniture's (artifacts, and what page 1 tags once) (furniture=True)."""
    once = _once(tree)
    faults = []
    for page in pages:
        chars = [c for c in page.chars if furniture == (
            c.get("tag") == "Artifact" or (page.number, c.get("mcid")) in once)]
        small = sorted({round(c["size"], 1) for c in chars if c["size"] < LARGE})
        if small:
            words = "".join(c["text"] for c in chars if c["size"] < LARGE)[:40]
            faults.append(f"page {page.number + 1}: text at {small} pt: {words!r}")
    return faults
