"""A missing glyph never reaches paper: the detector works, and a font chain's fallback draws
what its first font lacks (every shipped locale is checked in tests/shipped/)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from conftest import FIXTURE, flat, page_texts, po_path, render, with_shipped_fonts
from pdfcheck import find_notdef
from reportlab.pdfgen.canvas import Canvas

from handouts.fonts import font_chain

CALL = "Call 911 if you have:"
AMHARIC_CALL = "ወደ 911 ይደውሉ፦"  # "Call 911:", with ASCII digits


def _pdf_with(text: str) -> bytes:
    font_chain(FIXTURE / "fonts", ("NotoSans",))  # registers NotoSans
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName="NotoSans")
    canvas.setFont("NotoSans", 12)
    canvas.drawString(72, 700, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_detector_finds_notdef_glyphs_in_a_plain_reportlab_pdf() -> None:
    hits = find_notdef(_pdf_with("Call 911 \u4e2d\u6587 now"))
    assert len(hits) == 2 and all(h.page == 1 for h in hits)
    assert all("NotoSans" in h.font for h in hits)
    assert find_notdef(_pdf_with("Call 911 now, caf\u00e9")) == []


def test_ethiopic_text_with_digits_has_no_notdef(project: Path) -> None:
    # Noto Sans Ethiopic has no ASCII digits; the fallback chain must draw "911".
    with_shipped_fonts(project, "NotoSansEthiopic")
    assert font_chain(project / "fonts", ("NotoSansEthiopic",)).missing("911") == ["1", "9"]
    am = project / "locales" / "am"
    shutil.copytree(project / "locales" / "es", am)
    (am / "locale.toml").write_text('fonts = ["NotoSansEthiopic", "NotoSans"]\n'
                                    '[review]\nstatus = "draft"\n', "utf-8")
    with po_path(project, "am").open("rb") as fh:
        catalog = read_po(fh, locale="am")
    catalog[CALL].string = AMHARIC_CALL
    with po_path(project, "am").open("wb") as fh:
        write_po(fh, catalog)
    result = render(locale="am", project_dir=project)
    assert AMHARIC_CALL in flat(" ".join(page_texts(result.pdf)))
    assert find_notdef(result.pdf) == []
