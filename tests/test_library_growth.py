"""Adding a handout or a language to the shipped library never breaks a test.

A copy of the shipped project gets a new handout (no translation yet) and a
new language (just started with `i18n init`); then the checks a content
change triggers, the shipped-content tests, run against the copy, as CI
would run them after a content-only commit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE

from handouts.commands.cli import main

TESTS = Path(__file__).resolve().parent


def test_a_new_handout_and_language_keep_the_suite_green(shipped_copy: Path) -> None:
    added = (FIXTURE / "templates" / "handouts" / "alpha.xml.j2").read_text("utf-8")
    (shipped_copy / "templates" / "handouts" / "zz-added.xml.j2").write_text(
        added.replace('id = "TST-001"', 'id = "TST-901"'), "utf-8")
    assert main(["i18n", "init", "de"]) == 0  # a language nobody has translated yet
    assert main(["i18n", "update"]) == 0
    env = {**os.environ, "HANDOUTS_HOME": str(shipped_copy)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
         str(TESTS / "shipped"), str(TESTS / "test_reference_image.py")],
        cwd=TESTS.parent, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    for case in ("zz-added-de", "zz-added-es", "vertebroplasty-de"):  # the new pairs ran
        assert case in result.stdout, case
    assert " failed" not in result.stdout and " error" not in result.stdout
