"""A translator's day with `generate.py i18n`: add a language, update, check, review."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import flat, page_texts, render

from handouts.commands.cli import main


def po(project: Path, code: str) -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


def test_init_creates_catalog_and_settings(project_copy: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "init", "ru"]) == 0
    assert po(project_copy, "ru").exists()
    settings = tomllib.loads((project_copy / "locales/ru/locale.toml").read_text("utf-8"))
    assert settings["fonts"] == ["NotoSans"]  # covers Cyrillic
    assert settings["review"]["status"] == "draft"
    with po(project_copy, "ru").open("rb") as fh:
        catalog = read_po(fh)
    assert "What is a compression fracture?" in catalog
    assert main(["i18n", "init", "ru"]) == 2  # a second init refuses, pointing at update
    assert "i18n update" in capsys.readouterr().err


def test_init_picks_fonts_by_script(project_copy: Path) -> None:
    assert main(["i18n", "init", "ti"]) == 0  # Tigrinya, also Ethiopic script
    settings = tomllib.loads((project_copy / "locales/ti/locale.toml").read_text("utf-8"))
    assert settings["fonts"] == ["NotoSansEthiopic", "NotoSans"]


def test_new_locale_is_refused_until_translated_then_prints_as_draft(
        project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["i18n", "init", "de"])
    out = project_copy / "de.pdf"
    assert main(["vertebroplasty", "--locale", "de", "--output", str(out)]) == 8
    assert main(["vertebroplasty", "--locale", "de", "--draft", "--output", str(out)]) == 0
    assert "DRAFT" in flat(page_texts(out.read_bytes())[0])


def test_status_counts_fuzzy_as_not_done(project_copy: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with po(project_copy, "fr").open("rb") as fh:
        catalog = read_po(fh)
    for message in list(catalog)[1:4]:
        message.flags.add("fuzzy")
    with po(project_copy, "fr").open("wb") as fh:
        write_po(fh, catalog)
    capsys.readouterr()
    assert main(["i18n", "status"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("fr "))
    assert "français" in line and " 3 " in line and "96%" in line


def test_update_brings_new_source_text_to_every_catalog(project_copy: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    path.write_text(path.read_text("utf-8").replace(
        "<li>{% trans %}Take short walks.{% endtrans %}</li>",
        "<li>{% trans %}Take short walks.{% endtrans %}</li>\n"
        "    <li>{% trans %}Drink plenty of water.{% endtrans %}</li>"), "utf-8")
    assert main(["i18n", "update"]) == 0
    for code in ("es", "zh_Hant", "am"):
        with po(project_copy, code).open("rb") as fh:
            catalog = read_po(fh)
        assert "Drink plenty of water." in catalog
        assert catalog["Take short walks."].string, "existing translations are kept"


def test_check_exits_nonzero_on_errors(project_copy: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "check"]) == 0
    with po(project_copy, "ko").open("rb") as fh:
        catalog = read_po(fh)
    catalog["Page %(page)s of %(pages)s"].string = "%(pages)s쪽 중 %(page)쪽"
    with po(project_copy, "ko").open("wb") as fh:
        write_po(fh, catalog)
    capsys.readouterr()
    assert main(["i18n", "check", "ko-KR"]) == 1
    out = capsys.readouterr().out
    assert "[ko]" in out and "Page %(page)s of %(pages)s" in out and "1 error(s)" in out


def test_review_marks_the_locale_and_the_print_says_so(project_copy: Path) -> None:
    assert main(["i18n", "review", "es", "--by", "Ana Ruiz, CHI", "--date", "2026-11-20"]) == 0
    settings = tomllib.loads((project_copy / "locales/es/locale.toml").read_text("utf-8"))
    fingerprint = settings["review"].pop("fingerprint")
    assert settings["review"] == {"status": "reviewed", "by": "Ana Ruiz, CHI",
                                  "date": dt.date(2026, 11, 20)}
    assert len(fingerprint) == 16
    text = flat(" ".join(page_texts(render(locale="es", project_dir=project_copy).pdf)))
    with po(project_copy, "es").open("rb") as fh:
        label = read_po(fh)["Translation reviewed: %(date)s"].string
    assert label % {"date": "20 de noviembre de 2026"} in text
    assert "has not yet been checked" not in text


def test_a_review_covers_only_what_the_reviewer_saw(project_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "review", "es", "--by", "Ana Ruiz, CHI"]) == 0
    with po(project_copy, "es").open("rb") as fh:
        catalog = read_po(fh)
    catalog["Take short walks."].string = "Camine un poco cada día."
    with po(project_copy, "es").open("wb") as fh:
        write_po(fh, catalog)
    text = flat(" ".join(page_texts(render(locale="es", project_dir=project_copy).pdf)))
    assert "has not yet been checked by a qualified medical translator" in text
    capsys.readouterr()
    main(["i18n", "status"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("es "))
    assert "changed since the review" in line


def test_review_date_in_the_future_or_a_bad_name_is_a_usage_error(
        project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "review", "es", "--by", "Ana Ruiz", "--date", "2999-01-01"]) == 2
    assert "in the future" in capsys.readouterr().err
    assert main(["i18n", "review", "es", "--by", 'Ana "the reviewer" Ruiz']) == 2
    assert "--by" in capsys.readouterr().err


def test_review_refuses_a_catalog_with_errors(project_copy: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with po(project_copy, "es").open("rb") as fh:
        catalog = read_po(fh)
    catalog["Take short walks."].string = ""
    with po(project_copy, "es").open("wb") as fh:
        write_po(fh, catalog)
    assert main(["i18n", "review", "es", "--by", "Ana Ruiz"]) == 8
    assert "i18n check es" in capsys.readouterr().err
