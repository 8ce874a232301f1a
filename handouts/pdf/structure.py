"""The structure tree as PDF objects: what ``tagging`` recorded, written for ``increment``.

Each element that was drawn (``tagging.Node`` with marks in it or below it)
becomes a structure element; marked content on another page than the
element's first gets an ``/MCR``.  With them: the parent tree (which element
owns each MCID of each page), the catalog's ``/StructTreeRoot``,
``/MarkInfo``, ``/ViewerPreferences``, ``/Lang`` and XMP metadata with the
PDF/UA identification, and each page's ``/StructParents`` and ``/Tabs``.
Objects are written as text directly (a few hundred of them per handout), not
built one by one in pikepdf, which was the slow part of tagging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as html_escape

from .tagging import Mark, Node
from .tagging import pdf_text as text


@dataclass
class Objects:
    """Objects for an incremental update: plain ones by number, and streams."""

    plain: dict[int, bytes] = field(default_factory=dict)
    streams: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)  # (dict, data)
    next: int = 0

    def number(self) -> int:
        self.next += 1
        return self.next - 1


@dataclass
class Entries:
    """What the catalog and each page get besides the tree: entries as PDF syntax."""

    catalog: dict[str, str]
    pages: list[dict[str, str]]  # by page index


def structure_objects(pages: list[int], root: Node, title: str, lang: str,
                      objects: Objects) -> tuple[dict[int, int], Entries]:
    """Add the structure tree of a document whose page objects are pages (numbers, in
    order) to objects; return each written element's object number by ``id()`` of
    its node, and the entries the catalog and pages need."""
    refs = [f"{page} 0 R" for page in pages]
    numbers: dict[int, int] = {}
    _number(root, numbers, objects)
    owners: dict[int, dict[int, int]] = {}  # page -> MCID -> element number
    tree = objects.number()
    for node, parent in _drawn(root, tree, numbers):
        objects.plain[numbers[id(node)]] = _element(node, parent, numbers, refs, owners)
    nums = []
    for index in sorted(owners):
        owned = objects.number()
        marks = owners[index]
        objects.plain[owned] = ("[" + " ".join(f"{marks[m]} 0 R" for m in sorted(marks)) +
                                "]").encode()
        nums.append(f"{index} {owned} 0 R")
    parent_tree = objects.number()
    objects.plain[parent_tree] = f"<< /Nums [{' '.join(nums)}] >>".encode()
    top = f"{numbers[id(root)]} 0 R" if id(root) in numbers else "[]"
    objects.plain[tree] = (f"<< /Type /StructTreeRoot /K {top} /ParentTree {parent_tree} 0 R "
                           f"/ParentTreeNextKey {len(pages)} >>").encode()
    metadata = objects.number()
    xmp = _XMP.format(title=html_escape(title, quote=False),
                      lang=html_escape(lang, quote=False)).encode("utf-8")
    objects.streams[metadata] = (b"<< /Type /Metadata /Subtype /XML >>", xmp)
    catalog = {"/StructTreeRoot": f"{tree} 0 R", "/MarkInfo": "<< /Marked true >>",
               "/ViewerPreferences": "<< /DisplayDocTitle true >>", "/Lang": text(lang),
               "/Metadata": f"{metadata} 0 R"}
    page_entries = [{"/Tabs": "/S", **({"/StructParents": str(index)} if index in owners
                                       else {})}  # tab order follows the structure
                    for index in range(len(pages))]
    return numbers, Entries(catalog, page_entries)


def subtree_objects(node: Node, parent: int, refs: list[str],
                    objects: Objects) -> tuple[int, dict[int, dict[int, int]]]:
    """Elements for node and what it holds, added under an existing element ``parent``
    (a field's value, stamped later): node's object number (0 if nothing was drawn)
    and the MCIDs the new elements own, page -> MCID -> element number."""
    numbers: dict[int, int] = {}
    owners: dict[int, dict[int, int]] = {}
    if not _number(node, numbers, objects):
        return 0, owners
    for element, above in _drawn(node, parent, numbers):
        objects.plain[numbers[id(element)]] = _element(element, above, numbers, refs, owners)
    return numbers[id(node)], owners


def _number(node: Node, numbers: dict[int, int], objects: Objects) -> bool:
    """Number the elements that were drawn (an empty cell is left out); True if drawn."""
    drawn = False
    for kid in node.kids:
        drawn = (True if isinstance(kid, Mark) else _number(kid, numbers, objects)) or drawn
    if drawn:
        numbers[id(node)] = objects.number()
    return drawn


def _drawn(node: Node, parent: int, numbers: dict[int, int]) -> list[tuple[Node, int]]:
    found = [(node, parent)] if id(node) in numbers else []
    for kid in node.kids:
        if isinstance(kid, Node) and id(kid) in numbers:
            found += _drawn(kid, numbers[id(node)], numbers)
    return found


def _element(node: Node, parent: int, numbers: dict[int, int], refs: list[str],
             owners: dict[int, dict[int, int]]) -> bytes:
    me = numbers[id(node)]
    first = next((k.page for k in node.kids if isinstance(k, Mark)), None)
    kids = []
    for kid in node.kids:
        if isinstance(kid, Mark):  # an MCID on the element's own page needs no /MCR
            kids.append(str(kid.mcid) if kid.page == first else
                        f"<</Type/MCR/Pg {refs[kid.page]}/MCID {kid.mcid}>>")
            owners.setdefault(kid.page, {})[kid.mcid] = me
        elif id(kid) in numbers:
            kids.append(f"{numbers[id(kid)]} 0 R")
    parts = [f"<</S/{node.role}/P {parent} 0 R",  # compact: hundreds of these per file
             f"/K {kids[0]}" if len(kids) == 1 else f"/K[{' '.join(kids)}]"]
    if first is not None:
        parts.append(f"/Pg {refs[first]}")
    if node.lang:
        parts.append(f"/Lang{text(node.lang)}")
    if node.alt:
        parts.append(f"/Alt{text(node.alt)}")
    if node.numbering:
        parts.append(f"/A<</O/List/ListNumbering/{node.numbering}>>")
    return ("".join(parts) + ">>").encode()


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
