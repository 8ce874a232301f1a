"""A translator's day with `generate.py i18n`: add a language, update, check, review.

Every command runs on a scratch copy of the fixture project (``project``,
which is HANDOUTS_HOME), so the shipped languages never matter here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import flat, page_texts, po_path, render, with_shipped_fonts

from handouts.commands.cli import main
from handouts.document.handout import find_handout
from handouts.i18n.messages import domain_messages

SLEEP = "Sleep well."  # only in alpha
PAGE = "Page %(page)s of %(pages)s"
REVIEWED_ON = "2020-01-15"  # any fixed past date: never "in the future", whatever today is


def read(project: Path, code: str, name: str = "alpha") -> Catalog:
    with po_path(project, code, name).open("rb") as fh:
        return read_po(fh)


def write(project: Path, code: str, catalog: Catalog, name: str = "alpha") -> None:
    with po_path(project, code, name).open("wb") as fh:
        write_po(fh, catalog)


def settings(project: Path, code: str) -> dict[str, object]:
    return tomllib.loads((project / "locales" / code / "locale.toml").read_text("utf-8"))


def text_of(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def test_init_creates_catalog_and_settings(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "init", "ru"]) == 0
    ru = settings(project, "ru")
    assert ru["fonts"] == ["NotoSans"]  # covers Cyrillic
    assert ru["review"] == {"status": "draft"}
    for name, msgid in (("alpha", "Resting after a test"), ("beta", "Drinking water"),
                        ("shared", PAGE), ("shared", "For non-commercial use only.")):
        catalog = read(project, "ru", name)  # a catalog per handout, one for shared text
        assert msgid in catalog and not catalog[msgid].string
    assert main(["i18n", "init", "ru"]) == 2  # a second init refuses, pointing at update
    assert "i18n update" in capsys.readouterr().err


def test_init_picks_fonts_by_script(project: Path) -> None:
    with_shipped_fonts(project, "NotoSansEthiopic")
    assert main(["i18n", "init", "ti"]) == 0  # Tigrinya: Ethiopic script
    assert settings(project, "ti")["fonts"] == ["NotoSansEthiopic", "NotoSans"]
    assert main(["i18n", "init", "ru"]) == 0  # Cyrillic: Noto Sans has it all
    assert settings(project, "ru")["fonts"] == ["NotoSans"]


def test_init_without_a_font_for_the_script_refuses_and_leaves_nothing(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "init", "ti"]) == 8  # the fixture has only Noto Sans (no Ethiopic)
    err = capsys.readouterr().err
    assert "covers ti" in err and "NotoSans" in err and "Add a font" in err
    assert len(err.splitlines()) <= 15 and "Traceback" not in err
    assert not (project / "locales" / "ti").exists(), "no half-made language is left"
    assert main(["i18n", "init", "ti"]) == 8, "a retry meets the same reason, not a dead end"
    assert "covers ti" in capsys.readouterr().err


def test_new_locale_is_refused_until_translated_then_prints_as_draft(project: Path) -> None:
    assert main(["i18n", "init", "de"]) == 0
    out = project / "de.pdf"
    assert main(["alpha", "--locale", "de", "--output", str(out)]) == 8
    assert not out.exists()
    assert main(["alpha", "--locale", "de", "--draft", "--output", str(out)]) == 0
    first = flat(page_texts(out.read_bytes())[0])
    assert "DRAFT" in first and "Resting after a test" in first


def test_status_counts_fuzzy_as_not_done(project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    catalog = read(project, "es")
    for msgid in ("How to rest", SLEEP, "Wash the skin."):  # alpha's own text
        catalog[msgid].flags.add("fuzzy")
    write(project, "es", catalog)
    total = len(domain_messages(project, "alpha", find_handout("alpha", project / "templates")))
    capsys.readouterr()
    assert main(["i18n", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    alpha = next(x for x in lines if x.startswith("es ") and " alpha " in x).split()
    beta = next(x for x in lines if x.startswith("es ") and " beta " in x).split()
    assert alpha[1:6] == ["español", "alpha", f"{100 * (total - 3) / total:.0f}%", "3", "0"]
    assert beta[1:6] == ["español", "beta", "100%", "0", "0"]


def test_update_brings_new_source_text_to_every_catalog(project: Path) -> None:
    assert main(["i18n", "init", "ru"]) == 0
    path = project / "templates/handouts/alpha.xml.j2"
    old = "<li>{% trans %}Sleep well.{% endtrans %}</li>"
    path.write_text(path.read_text("utf-8").replace(
        old, old + "\n    <li>{% trans %}Eat fruit.{% endtrans %}</li>"), "utf-8")
    assert main(["i18n", "update"]) == 0
    for code in ("es", "ru"):
        assert "Eat fruit." in read(project, code), code
    assert read(project, "es")[SLEEP].string == "Duerma bien.", "translations are kept"


def test_check_exits_nonzero_on_errors(project: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "check"]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out
    catalog = read(project, "es", "shared")
    catalog[PAGE].string = "Página %(pagina)s de %(pages)s"  # in both handouts' footers
    write(project, "es", catalog, "shared")
    assert main(["i18n", "check", "es-MX"]) == 1
    out = capsys.readouterr().out
    assert "[es]" in out and "pagina" in out and str(po_path(project, "es", "shared")) in out
    assert out.count(f"msgid {PAGE!r}") == 1, "one broken entry is reported once"
    assert "1 error(s)" in out


def review(*args: str) -> int:
    return main(["i18n", "review", "es", *args, "--by", "Ana Ruiz, CHI", "--date", REVIEWED_ON])


def test_a_printout_is_reviewed_when_its_handout_and_the_shared_text_are(
        project: Path) -> None:
    assert review("alpha") == 0
    recorded = settings(project, "es")["review"]
    assert isinstance(recorded, dict) and recorded["status"] == "machine-draft"
    alpha = dict(recorded["alpha"])
    fingerprint = alpha.pop("fingerprint")
    assert alpha == {"status": "reviewed", "by": "Ana Ruiz, CHI",
                     "date": dt.date.fromisoformat(REVIEWED_ON)}
    assert len(fingerprint) == 16
    text = text_of(render(locale="es", project_dir=project).pdf)
    assert "aún no ha revisado" in text, "the labels and furniture are not reviewed yet"
    assert review("shared") == 0
    text = text_of(render(locale="es", project_dir=project).pdf)
    assert "Traducción revisada por Ana Ruiz, CHI el 15 de enero de 2020" in text
    assert "has not yet been checked" not in text and "aún no ha revisado" not in text
    beta = text_of(render("beta", locale="es", project_dir=project).pdf)
    assert "aún no ha revisado" in beta and "revisada por" not in beta, "beta: its own review"


def test_a_change_in_one_handout_leaves_the_others_reviewed(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("alpha", "beta", "shared"):
        assert review(name) == 0
    catalog = read(project, "es", "beta")
    catalog["Drinking water"].string = "Beber agua cada día"
    write(project, "es", catalog, "beta")
    assert "Traducción revisada" in text_of(render(locale="es", project_dir=project).pdf)
    beta = text_of(render("beta", locale="es", project_dir=project).pdf)
    assert "aún no ha revisado" in beta and "Traducción revisada" not in beta
    capsys.readouterr()
    assert main(["i18n", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "reviewed by Ana Ruiz, CHI" in next(x for x in lines if " alpha " in x)
    assert "changed since the review by Ana Ruiz, CHI" in next(x for x in lines if " beta " in x)
    assert main(["--list"]) == 0  # the list tells "changed since its review" apart too
    rows = capsys.readouterr().out.splitlines()
    assert "es español!" in next(x for x in rows if " beta " in x)
    assert "es español," in next(x for x in rows if " alpha " in x) or \
        next(x for x in rows if " alpha " in x).rstrip().endswith("es español")


def test_a_review_covers_only_what_the_reviewer_saw(project: Path) -> None:
    assert review("alpha") == 0 and review("shared") == 0
    assert "Traducción revisada" in text_of(render(locale="es", project_dir=project).pdf)
    catalog = read(project, "es")
    catalog[SLEEP].string = "Duerma bien cada noche."
    write(project, "es", catalog)
    text = text_of(render(locale="es", project_dir=project).pdf)
    assert "has not yet been checked by a qualified medical translator" in text
    assert "Traducción revisada" not in text


def test_review_date_in_the_future_or_a_bad_name_is_a_usage_error(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "locales/es/locale.toml").read_bytes()
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz", "--date",
                 "2999-01-01"]) == 2
    assert "in the future" in capsys.readouterr().err
    for bad in ("  ", "Ana\nRuiz", "Ana\x00Ruiz"):
        assert main(["i18n", "review", "es", "alpha", "--by", bad]) == 2
        err = capsys.readouterr().err
        assert "--by" in err and "Traceback" not in err
    assert (project / "locales/es/locale.toml").read_bytes() == before


def test_a_reviewer_name_is_kept_exactly_as_typed(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    name = 'Ana "Anita" Ruiz \\ CHI-Spanish'  # quotes and a backslash, as typed
    assert main(["i18n", "review", "es", "alpha", "--by", name, "--date", REVIEWED_ON]) == 0
    assert settings(project, "es")["review"]["alpha"]["by"] == name  # type: ignore[index]
    assert "Traceback" not in capsys.readouterr().err


def test_review_refuses_a_catalog_with_errors(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "locales/es/locale.toml").read_bytes()
    catalog = read(project, "es")
    catalog[SLEEP].string = ""
    write(project, "es", catalog)
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz", "--date",
                 REVIEWED_ON]) == 8
    assert "i18n check es" in capsys.readouterr().err
    assert main(["i18n", "review", "es", "gamma", "--by", "Ana Ruiz"]) == 2
    assert "alpha, beta, shared" in capsys.readouterr().err
    assert (project / "locales/es/locale.toml").read_bytes() == before
