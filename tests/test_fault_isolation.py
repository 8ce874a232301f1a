"""One broken language file refuses that language and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import po_path

from handouts.commands.cli import main
from handouts.web import create_app

SETTINGS = 'fonts = ["NotoSans"]\nwrap = "default"\n\n[review]\nstatus = "machine-draft"\n'


@pytest.mark.parametrize("text,key", [
    ('fonts = ["NotoSans"]\nreview = "x"\n', "`review`"),
    ('fonts = "NotoSans"\n', "`fonts`"),
    ('fonts = []\n', "`fonts`"),
    ('fonts = ["NotoSans"]\nwrap = "columns"\n', "`wrap`"),
    ('fonts = ["NotoSans"]\n[review]\nstatus = "ok"\n', "`review.status`"),
    ('fonts = ["NotoSans"\n', "not valid TOML"),
    (b"fonts = ['NotoSans']\n# caf\xe9\n", "UTF-8"),
])
def test_a_broken_locale_file_refuses_that_language_only(
        project: Path, capsys: pytest.CaptureFixture[str], text: str | bytes, key: str) -> None:
    path = project / "locales" / "es" / "locale.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert main(["alpha", "--locale", "en", "--output", str(project / "en.pdf")]) == 0
    capsys.readouterr()
    assert main(["alpha", "--locale", "es", "--output", str(project / "es.pdf")]) == 8
    err = capsys.readouterr().err
    assert key in err and "es/locale.toml" in err and "Traceback" not in err
    assert not (project / "es.pdf").exists()


def break_plural_forms(project: Path) -> None:
    path = po_path(project, "es")
    text = path.read_text("utf-8")
    assert "plural=(n != 1);" in text
    path.write_text(text.replace("plural=(n != 1);", "plural=(n != 1;"), "utf-8")


def test_a_broken_catalog_header_refuses_spanish_and_english_prints(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_plural_forms(project)
    assert main(["alpha", "--locale", "es", "--output", str(project / "es.pdf")]) == 8
    err = capsys.readouterr().err
    assert "alpha.po" in err and "Plural-Forms" in err and "Traceback" not in err
    assert main(["alpha", "--locale", "en", "--output", str(project / "en.pdf")]) == 0


def test_the_web_page_stays_up_and_health_names_the_broken_file(project: Path) -> None:
    break_plural_forms(project)
    (project / "locales" / "es" / "locale.toml").write_text(SETTINGS, "utf-8")
    client = create_app({"PROJECT_DIR": project}).test_client()
    assert client.get("/").status_code == 200
    english = client.get("/handouts/alpha.pdf?locale=en")
    assert english.status_code == 200 and english.data.startswith(b"%PDF")
    assert client.get("/handouts/alpha.pdf?locale=es").status_code == 409
    html = client.get("/handouts/alpha").get_data(as_text=True)
    assert 'value="es" disabled>' in html and "its files have an error" in html
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["handouts"] == 2
    assert any("locales/es/LC_MESSAGES/alpha.po" in p for p in health["problems"])
    assert not any(str(project) in p for p in health["problems"]), "no server paths"


def test_a_broken_locale_toml_is_named_on_health_and_others_print(project: Path) -> None:
    (project / "locales" / "es" / "locale.toml").write_text('review = "x"\n', "utf-8")
    client = create_app({"PROJECT_DIR": project}).test_client()
    assert client.get("/handouts/beta.pdf?locale=en").status_code == 200
    assert client.get("/handouts/beta.pdf?locale=es").status_code == 409
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded"
    assert any("locales/es/locale.toml" in p and "review" in p for p in health["problems"])
