"""Read a tagged PDF the way a screen reader's software would, with tools we did not write:
pikepdf for the content streams and catalog, poppler's ``pdfinfo -struct-text`` for the
structure tree with its text, the ``pdfua`` package for the PDF/UA-1 rules it covers."""

from __future__ import annotations

import io
import subprocess
import tempfile
import unicodedata
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


def reading_letters(text: str) -> str:
    return letters(without_harakat(unicodedata.normalize("NFKC", text)))


def is_subsequence(needle: str, haystack: str) -> bool:
    """Every character of needle, in order, in haystack (other text may come between)."""
    it = iter(haystack)
    return all(c in it for c in needle)


def pdfua_findings(pdf: bytes) -> list[str]:
    from pdfua import validate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        path.write_bytes(pdf)
        report = validate(str(path))
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]


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
