#!/usr/bin/env python3
"""PDF size against WeasyPrint for the same content, in one run, run by hand:

    pip install -e '.[bench]'    # WeasyPrint (needs Pango: apt-get install libpango-1.0-0)
    python bench/size_bench.py [--handout vertebroplasty] [--locale en es ...]

For each language, renders the handout with the pipeline (tagged, as every
copy is) and writes the same document model as HTML with the same fonts
(``@font-face`` on the project's files), logo, page size, margins, header and
footer, then has WeasyPrint render it untagged and as PDF/UA-1.  Prints the
three sizes and our size against WeasyPrint's untagged one (target: <= 1.0x
for Latin scripts).  Exits 1 if a Latin language misses it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from pathlib import Path
from typing import assert_never

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.document import model  # noqa: E402
from handouts.document.brand import load_brand  # noqa: E402
from handouts.fonts import read_manifest  # noqa: E402
from handouts.i18n.locales import available_locales  # noqa: E402
from handouts.options import RenderOptions  # noqa: E402
from handouts.pipeline import render_pdf  # noqa: E402
from handouts.project import Project  # noqa: E402

LATIN = {"en", "es", "fr", "vi"}
CSS = """
@page {{ size: 612pt 792pt; margin: 92pt 54pt 80pt 54pt;
  @top-left {{ content: element(header); }} @bottom-left {{ content: element(footer); }} }}
{faces}
body {{ font-family: {family}; font-size: 12pt; line-height: 1.4; color: #1a1a1a; }}
header {{ position: running(header); font-size: 7.5pt; }} header img {{ height: 26pt; }}
footer {{ position: running(footer); font-size: 7.5pt; }}
footer .page::after {{ content: counter(page) " / " counter(pages); }}
h1 {{ font-size: 24pt; margin: 0; }} h2 {{ font-size: 15pt; margin: 10pt 0 4pt; }}
.subtitle {{ font-size: 14pt; }} .status {{ background: #f4e4e4; font-weight: bold; }}
.box {{ border: 1.2pt solid #a6192e; background: #fbf3f3; padding: 6pt; break-inside: avoid; }}
.fields td {{ border-bottom: 0.6pt solid #1a1a1a; height: 17pt; }}
.line {{ border-bottom: 0.6pt solid #1a1a1a; height: 24pt; }}
.fine {{ font-size: 10pt; border-top: 0.6pt solid #a6192e; break-inside: avoid; }}
"""


def inline(runs: model.Inline) -> str:
    return "".join(f"<b>{html.escape(r.text)}</b>" if r.bold else html.escape(r.text)
                   for r in runs)


def block(item: model.Block) -> str:
    match item:
        case model.Paragraph():
            return f"<p>{inline(item.content)}</p>"
        case model.BulletList():
            return "<ul>" + "".join(f"<li>{inline(i)}</li>" for i in item.items) + "</ul>"
        case model.Steps():
            return "<ol>" + "".join(f"<li>{inline(i)}</li>" for i in item.items) + "</ol>"
        case model.Fields():
            return "<table class=fields>" + "".join(
                f"<tr><th>{inline(f.label)}</th><td></td></tr>" for f in item.fields) + "</table>"
        case model.WriteIn():
            return "<div class=line></div>" * item.lines
        case model.Box():
            return (f"<div class=box><h3>{inline(item.heading)}</h3>" +
                    "".join(block(b) for b in item.blocks) + "</div>")
        case model.Section():
            return (f"<section><h2>{inline(item.heading)}</h2>" +
                    "".join(block(b) for b in item.blocks) + "</section>")
        case model.FinePrint():
            return "<div class=fine>" + "".join(block(p) for p in item.paragraphs) + "</div>"
        case _:
            assert_never(item)


def as_html(document: model.Document, project: Project, fonts: tuple[str, ...]) -> str:
    manifest = read_manifest(project.fonts_dir)
    faces = "".join(
        f"@font-face {{ font-family: '{name}'; src: url('{path.as_uri()}'); "
        f"font-weight: {700 if face == 'bold' else 400}; }}\n"
        for name in fonts for face, path in manifest[name].files if face in ("regular", "bold"))
    brand = load_brand(project.brand_file)
    f = document.furniture
    logo = f"<img src='{brand.logo.as_uri()}' alt='{html.escape(brand.logo_alt)}'>" \
        if brand.logo else ""
    css = CSS.format(faces=faces, family=", ".join(f"'{n}'" for n in fonts))
    return (f"<!doctype html><html lang='{document.lang}'><head><meta charset=utf-8>"
            f"<title>{inline(document.title)}</title><style>{css}</style></head><body>"
            f"<header>{logo} {html.escape(f.document_line)}<br>{html.escape(f.draft_notice)}"
            f"</header><footer>{html.escape(f.organization)} · {html.escape(f.address)}<br>"
            f"{html.escape(f.copyright)} {html.escape(f.notice)} <span class=page></span>"
            f"</footer><h1>{inline(document.title)}</h1><p class=subtitle>"
            f"{inline(document.subtitle)}</p><p class=status>{html.escape(f.status)}</p>" +
            "".join(block(b) for b in document.blocks) + "</body></html>")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handout", default="vertebroplasty")
    parser.add_argument("--locale", nargs="*", default=["en", "es", "fr", "vi"])
    args = parser.parse_args()
    try:
        import weasyprint
    except ImportError:
        raise SystemExit("WeasyPrint is not installed: pip install -e '.[bench]'") from None
    project = Project(ROOT)
    locales = available_locales(project.locales_dir)
    print(f"{'locale':<8} {'ours KB':>8} {'WeasyPrint KB':>14} {'WP PDF/UA KB':>13} {'ratio':>6}")
    missed = False
    for code in args.locale:
        ours = render_pdf(RenderOptions(handout=args.handout, locale=code, draft=True,
                                        print_date=dt.date(2026, 11, 25)))
        page = as_html(ours.document, project, locales[code].fonts)
        plain = weasyprint.HTML(string=page, base_url=str(ROOT)).write_pdf()
        tagged = weasyprint.HTML(string=page, base_url=str(ROOT)).write_pdf(
            pdf_variant="pdf/ua-1")
        ratio = len(ours.pdf) / len(plain)
        missed |= code in LATIN and ratio > 1.0
        print(f"{code:<8} {len(ours.pdf) / 1024:8.1f} {len(plain) / 1024:14.1f} "
              f"{len(tagged) / 1024:13.1f} {ratio:5.2f}x")
    print("\ntarget: ours <= WeasyPrint's (untagged) for Latin scripts: "
          + ("MISS" if missed else "PASS"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
