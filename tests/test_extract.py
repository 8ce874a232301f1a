"""Interop: standard `pybabel extract` with the mapping in pyproject.toml (on the fixture)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import po_path

from handouts.commands.cli import main
from handouts.document.handout import discover_handouts
from handouts.i18n.messages import source_messages

LEGEND = "%(count)s sentence is not translated yet: it is printed in English, highlighted."
PAGE = "Page %(page)s of %(pages)s"


def _pybabel() -> list[str]:
    exe = Path(sys.executable).with_name("pybabel")
    return [str(exe)] if exe.exists() else [shutil.which("pybabel") or "pybabel"]


def extract(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """What a translator types, from the project folder."""
    return subprocess.run([*_pybabel(), "extract", "-F", "pyproject.toml", "-c", "Translators:",
                           "-o", str(out), "."], cwd=project, capture_output=True, text=True)


def test_pybabel_extract_reaches_every_message_with_comments(project: Path,
                                                            tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    result = extract(project, pot)
    assert result.returncode == 0, result.stderr
    with pot.open("rb") as fh:
        catalog: Catalog = read_po(fh)
    messages = [m for m in catalog if m.id]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
    plural = catalog[LEGEND]
    assert plural.pluralizable and plural.id[1].startswith("%(count)s sentences")
    for handout_text in ("Resting after a test", "Rest for <b>two days</b> after the test.",
                         "Drinking water", "Water helps your body heal."):
        assert handout_text in ids, handout_text
    brand = {"Riverside Test Clinic is run by Example Health Partners.",
             "This handout gives general information. Ask your care team about your own "
             "health.", "For non-commercial use only."}
    assert brand <= ids, "brand texts too, folded to one line"
    assert any("Keep company and place names" in c
               for c in catalog["Riverside Test Clinic is run by Example Health Partners."]
               .auto_comments)
    assert any("patient's name" in c for c in catalog["Patient"].auto_comments)
    for message in messages:  # every layout and brand text tells the translator about itself
        if any(path.endswith(("base.xml.j2", "brand.toml")) for path, _ in message.locations):
            assert message.auto_comments, message.id
    assert "python-format" in catalog[PAGE].flags and "python-format" in plural.flags
    # What pybabel extracts is exactly what the renderer looks up (same trimming policy).
    runtime = {m.id for meta in discover_handouts(project / "templates").values()
               for m in source_messages(project, meta)}
    assert runtime == ids


def break_alpha(project: Path) -> int:
    """Misspell alpha's first {% endblock %}; return its line number."""
    path = project / "templates/handouts/alpha.xml.j2"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if "{% endblock %}" in line)
    lines[number - 1] = lines[number - 1].replace("{% endblock %}", "{% endblok %}", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


def test_extract_fails_loudly_on_a_broken_template(project: Path, tmp_path: Path) -> None:
    break_alpha(project)
    result = extract(project, tmp_path / "x.pot")
    assert result.returncode != 0, "silent = false: a syntax error is not skipped"
    assert "endblok" in result.stderr


def test_i18n_update_on_a_broken_template_names_file_and_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = break_alpha(project)
    po = po_path(project, "es")
    before = po.read_bytes()
    code = main(["i18n", "update"])
    err = capsys.readouterr().err
    assert code == 5, "a template mistake is a content error"
    assert f"alpha.xml.j2:{number}" in err and "endblok" in err
    assert "Traceback" not in err and len(err.splitlines()) <= 15
    assert po.read_bytes() == before, "the catalogs are left as they were"
