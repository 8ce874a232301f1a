"""Read a tagged PDF the way a screen reader's software would, with tools we did not write:
pikepdf for the content streams and catalog, poppler's ``pdfinfo -struct-text`` for the
structure tree with its text, the ``pdfua`` package for the PDF/UA-1 rules it covers and
``page`` (page-validation, a validator that passes veraPDF's PDF/UA-1 test corpus) for
all of them."""

from __future__ import annotations

import io
import subprocess
import tempfile
import unicodedata
from bisect import bisect_left
from pathlib import Path
from typing import assert_never

import pikepdf
from conftest import letters, without_harakat

from handouts.document import model

PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh",
            "BI"}


def untagged_content(pdf: bytes) -> list[str]:
    """Painting operators outside any marked content that has an MCID or is an Artifact:
    content a screen reader can neither read nor know to skip."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            stack: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    props = operands[1] if op == "BDC" else None
                    has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                    stack.append("artifact" if tag == "/Artifact" else
                                 "tagged" if has_mcid else "inner")
                elif op == "EMC":
                    stack.pop()
                elif op in PAINTING and not {"artifact", "tagged"} & set(stack):
                    found.append(f"page {number}: {op}")
    return found


def struct_text(pdf: bytes) -> str:
    """``pdfinfo -struct-text``: the structure tree, each element's text in tree order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                             check=True)
    return out.stdout.decode()


def tree_letters(pdf: bytes) -> str:
    """The letters of the structure tree's text, in reading order (NFKC, no harakat)."""
    quoted = [line.strip()[1:-1] for line in struct_text(pdf).splitlines()
              if line.strip().startswith('"')]
    return reading_letters(" ".join(quoted))


def run_together(pdf: bytes, text: str) -> list[str]:
    """Words of text that the structure tree never gives as a word of its own: two words
    run together where a line broke ("calledvertebrae"), or a label read backwards."""
    quoted = [line.strip()[1:-1] for line in struct_text(pdf).splitlines()
              if line.strip().startswith('"')]
    tree = set(without_harakat(unicodedata.normalize("NFKC", " ".join(quoted))).split())
    return [word for word in without_harakat(unicodedata.normalize("NFKC", text)).split()
            if word not in tree]


def reading_letters(text: str) -> str:
    return letters(without_harakat(unicodedata.normalize("NFKC", text)))


def is_subsequence(needle: str, haystack: str) -> bool:
    """Every character of needle, in order, in haystack (other text may come between)."""
    it = iter(haystack)
    return all(c in it for c in needle)


def written_in_tree_order(pdf: bytes) -> list[float]:
    """For each page, the share of its marked content written in the order the structure
    tree reads it (1.0: all; the longest run in order, as the outloud checker's ORD-001
    measures it). Text written in another order than it is read confuses reflow,
    copying and readers that follow the page, not the tree (WCAG 1.3.2)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        index = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        read: list[list[int]] = [[] for _ in document.pages]

        def walk(element: pikepdf.Dictionary) -> None:  # children in order: reading order
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    read[index[element.Pg.objgen]].append(kid)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    read[index[kid.Pg.objgen]].append(int(kid.MCID))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(document.Root.StructTreeRoot.K)
        shares = []
        for number, page in enumerate(document.pages):
            rank = {mcid: at for at, mcid in enumerate(read[number])}
            written = [rank[props.MCID] for (_, props), op in
                       ((operands, str(operator)) for operands, operator in
                        pikepdf.parse_content_stream(page) if str(operator) == "BDC")
                       if isinstance(props, pikepdf.Dictionary) and "/MCID" in props]
            shares.append(_longest_increasing(written) / len(written) if written else 1.0)
    return shares


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect_left(tails, value)
        tails[at:at + 1] = [value]
    return len(tails)


def pdfua_findings(pdf: bytes) -> list[str]:
    from pdfua import validate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        path.write_bytes(pdf)
        report = validate(str(path))
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]


def validator_failures(pdf: bytes) -> list[str]:
    """Every PDF/UA-1 rule ``page`` finds broken (it checks the rules veraPDF checks)."""
    import page

    report = page.validate_pdf_bytes(pdf, profile="ua1")
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def model_text(document: model.Document, status: bool = True) -> str:
    """What the handout says, in reading order, from the model the PDF was made from
    (a bilingual copy prints the review status once, in the translation)."""
    parts = [model.plain(document.title), model.plain(document.subtitle),
             document.furniture.status if status else ""]
    for block in document.blocks:
        parts.extend(block_text(block))
    return " ".join(parts)


def block_text(block: model.Block) -> list[str]:
    match block:
        case model.Paragraph():
            return [model.plain(block.content)]
        case model.BulletList():
            return [model.plain(item) for item in block.items]
        case model.Steps():  # each with its number, which a reader says too
            return [f"{n}. {model.plain(item)}" for n, item in enumerate(block.items, 1)]
        case model.Fields():
            return [part for f in block.fields for part in (model.plain(f.label), f.value)]
        case model.WriteIn():
            return []
        case model.Box() | model.Section():
            return [model.plain(block.heading), *(t for b in block.blocks for t in block_text(b))]
        case model.FinePrint():
            return [model.plain(p.content) for p in block.paragraphs]
        case _:
            assert_never(block)
