"""`i18n check` lays out every handout in each variant and finds text off the paper
(issue 12, part 4).

The geometry is PDFium's, checked here on pages drawn with ReportLab's canvas at
known places; the command is run on the fixture project, where everything fits,
and with a layout piece that prints a line off the bottom of the paper.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from handouts.commands.cli import main
from handouts.commands.fit import PRINTABLE_INSET, misfits


def page_with_text(x: float, y: float, text: str = "Página 1 de 2") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 400, "Inside the printable area.")
    canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize(("x", "y", "side"), [(4, 400, "left"), (560, 400, "right"),
                                              (72, 6, "bottom"), (72, 785, "top")])
def test_text_past_an_edge_is_found_with_the_distance(x: float, y: float, side: str) -> None:
    found = misfits(page_with_text(x, y))
    assert [m.side for m in found] == [side]
    assert found[0].points > 0 and "Página" in found[0].text
    assert f"past the {side} edge" in found[0].show()


def test_text_inside_the_printable_area_is_fine() -> None:
    assert misfits(page_with_text(PRINTABLE_INSET + 1, PRINTABLE_INSET + 2)) == []


def test_check_lays_out_every_handout_and_passes_the_fixture(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "check", "es"]) == 0
    assert "every handout laid out in each variant: 0 error(s)" in capsys.readouterr().out


def test_check_names_the_handout_variant_and_page_of_a_misfit(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With a printable area three inches in from each edge, the fixture's footers and
    headers are off it: each is reported, with its handout, variant and page, and the
    check fails."""
    monkeypatch.setattr("handouts.commands.fit.PRINTABLE_INSET", 216.0)
    assert main(["i18n", "check", "es"]) == 1
    out = capsys.readouterr().out
    for variant in ("normal", "large print", "bilingual", "large-print bilingual"):
        assert f"alpha in es, {variant}: page 1:" in out
    assert "does not fit on paper" in out and "pt past the" in out
    assert main(["i18n", "check", "es", "--no-fit"]) == 0  # the translation itself is fine


def test_a_second_check_lays_out_only_what_changed(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The layouts' findings are kept under their files' names, sizes and times: at a
    library of hundreds, re-checking a language lays out only the edited handout."""
    import handouts.pipeline

    assert main(["i18n", "check", "es"]) == 0
    laid_out: list[str] = []
    real = handouts.pipeline.render_pdf

    def counting(options: object) -> object:
        laid_out.append(getattr(options, "handout", ""))
        return real(options)  # type: ignore[arg-type]

    monkeypatch.setattr(handouts.pipeline, "render_pdf", counting)
    assert main(["i18n", "check", "es"]) == 0
    assert laid_out == []
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "alpha.po"
    catalog.write_text(catalog.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert main(["i18n", "check", "es"]) == 0
    assert sorted(set(laid_out)) == ["alpha"] and len(laid_out) == 4  # its four variants
    capsys.readouterr()


def test_many_layouts_run_on_every_core_and_say_so_first(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """At 300 handouts the first check lays out 1,200 copies (over 4 minutes on one
    core, in silence): they are spread over the cores, after a line on stderr, what
    they find is what one process finds, and it is kept for the next check."""
    import handouts.library_cache as library_cache
    import handouts.pipeline

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "one"))
    serial = main(["i18n", "check", "es"]), capsys.readouterr()
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "many"))
    monkeypatch.setattr(library_cache, "PARALLEL_FROM", 1)
    parallel = main(["i18n", "check", "es"]), capsys.readouterr()
    assert parallel[0] == serial[0] == 0 and parallel[1].out == serial[1].out
    assert "Laying out 8 copies in es" in parallel[1].err  # 2 handouts, 4 variants
    assert "Laying out" not in serial[1].err  # a small library: no word, one process
    laid_out: list[object] = []
    real = handouts.pipeline.render_pdf
    monkeypatch.setattr(handouts.pipeline, "render_pdf",
                        lambda options: laid_out.append(options) or real(options))
    monkeypatch.setattr(library_cache, "PARALLEL_FROM", 10_000)
    assert main(["i18n", "check", "es"]) == 0 and laid_out == []  # the workers' findings kept
