"""Interop: standard `pybabel extract` with the mapping in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from conftest import ROOT

from handouts.document.handout import find_handout
from handouts.i18n.messages import source_messages


def _pybabel() -> list[str]:
    exe = Path(sys.executable).with_name("pybabel")
    return [str(exe)] if exe.exists() else [shutil.which("pybabel") or "pybabel"]


def test_pybabel_extract_reaches_every_message_with_comments(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run([*_pybabel(), "extract", "-F", "pyproject.toml", "-c", "Translators:",
                    "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as fh:
        catalog = read_po(fh)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    plural = catalog["%(count)s sentence is not translated yet: it is printed in English, "
                     "highlighted."]
    assert plural.pluralizable and plural.id[1].startswith("%(count)s sentences")
    assert "What is a compression fracture?" in ids
    assert "Page %(page)s of %(pages)s" in ids
    assert any(i.startswith("For non-commercial use only.") for i in ids), "brand texts too"
    fluoro = catalog["The doctor watches a live X-ray, called fluoroscopy, to guide the needle."]
    assert any("moving pictures" in c for c in fluoro.auto_comments)
    assert "python-format" in catalog["Page %(page)s of %(pages)s"].flags
    # What pybabel extracts is exactly what the renderer looks up (same trimming policy).
    runtime = {m.id for m in source_messages(ROOT, find_handout("vertebroplasty",
                                                                ROOT / "templates"))}
    assert runtime == ids


def test_extract_fails_loudly_on_a_broken_template(project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    path.write_text(path.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}",
                                                             1), encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", project_copy / "pyproject.toml")
    result = subprocess.run([*_pybabel(), "extract", "-F", "pyproject.toml", "-o",
                             str(tmp_path / "x.pot"), "."], cwd=project_copy, capture_output=True,
                            text=True)
    assert result.returncode != 0, "silent = false: a syntax error is not skipped"
