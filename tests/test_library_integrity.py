"""A library of hundreds of handouts, edited by many people, stays one library.

Each test breaks one thing in a scratch copy of the fixture project (``project``,
which is HANDOUTS_HOME) the way an author would: a copied handout that keeps its
ID, a file name that differs only in case, a metadata typo, a placeholder with
no value, a paragraph left out of ``{% trans %}``.  Each mistake is refused with
one screen naming the file and line; the rest of the library keeps working.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT
from test_errors import edit, run
from web_support import json_of, make_app

from handouts.commands.cli import main
from handouts.commands.pack import main as pack_main
from handouts.document.handout import discover_handouts
from handouts.document.untranslated import unmarked_texts
from handouts.errors import ContentError, DuplicateHandoutError

DATE = ["--print-date", "2026-11-23"]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1)
                if needle in row)


def handouts(project: Path) -> Path:
    return project / "templates" / "handouts"


# --- 1. one name and one ID per handout ---------------------------------------------------


def copy_alpha(project: Path, name: str = "alpha-copy.xml.j2") -> Path:
    """What an author does to start a new handout: copy one, keeping its id."""
    return Path(shutil.copy(handouts(project) / "alpha.xml.j2", handouts(project) / name))


@pytest.mark.parametrize("asked", ["TST-001", "tst-001", "alpha", "alpha-copy"])
def test_a_copy_that_keeps_the_id_is_refused_naming_both_files(
        capsys: pytest.CaptureFixture[str], project: Path, asked: str) -> None:
    copy_alpha(project)
    output = project / "x.pdf"
    code, err = run(capsys, asked, "--locale", "en", *DATE, "--output", str(output))
    assert code == 5 and not output.exists()
    line = line_of(handouts(project) / "alpha-copy.xml.j2", "id =")
    assert f"alpha-copy.xml.j2:{line}:" in err and "alpha.xml.j2 " in err
    assert 'the ID "TST-001"' in err and "new `id`" in err
    assert run(capsys, "beta", "--locale", "en", *DATE, "--output", str(output))[0] == 0


def test_names_that_differ_only_in_case_are_refused(capsys: pytest.CaptureFixture[str],
                                                    project: Path) -> None:
    edit(copy_alpha(project, "Alpha.xml.j2"), 'id = "TST-001"', 'id = "TST-003"')
    for asked in ("alpha", "Alpha", "TST-003", "TST-001"):
        code, err = run(capsys, asked, "--output", str(project / "x.pdf"))
        assert code == 5 and "Alpha.xml.j2" in err and "alpha.xml.j2" in err, asked
        assert 'the name "Alpha"' in err


def test_a_markdown_handout_is_checked_against_the_templates(
        capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (handouts(project) / "gamma.md").write_text(
        '+++\nid = "TST-002"\nversion = "1.0"\n+++\n\n# Gamma\n', "utf-8")
    errors: list[ContentError] = []
    found = discover_handouts(project / "templates", errors)
    assert list(found) == ["alpha"]
    assert [type(e) for e in errors] == [DuplicateHandoutError]
    assert "gamma.md:2:" in errors[0].message and "beta.xml.j2" in errors[0].message
    with pytest.raises(DuplicateHandoutError):
        discover_handouts(project / "templates")  # no list to report into: refused


def test_list_shows_the_rest_and_names_the_duplicates(capsys: pytest.CaptureFixture[str],
                                                      project: Path) -> None:
    copy_alpha(project)
    assert main(["--list"]) == 1
    out, err = capsys.readouterr()
    assert "TST-002" in out and "TST-001" not in out
    assert "Skipped both handouts that share a name or ID" in err
    assert "alpha-copy.xml.j2" in err and "alpha.xml.j2" in err and "Traceback" not in err


def test_pack_fails_both_duplicates_and_writes_the_rest(
        capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    copy_alpha(project)
    out = tmp_path / "out"
    argv = ["--project", str(project), "--output", str(out), "--jobs", "1", "--locale", "en",
            *DATE]
    assert pack_main(argv) == 1
    output = capsys.readouterr().out
    assert "alpha-en.pdf" in output and "alpha-copy-en.pdf" in output
    assert "already used by" in output
    assert {p.name for p in out.glob("*.pdf")} == {"beta-en.pdf"}
    assert pack_main([*argv, "--handout", "TST-001"]) == 1  # asked for by the shared ID
    assert not (out / "alpha-en.pdf").exists()


def test_the_web_names_the_duplicates_and_serves_the_rest(project: Path) -> None:
    copy_alpha(project)
    client = make_app(project).test_client()
    assert [h["name"] for h in json_of(client.get("/api/handouts"))] == ["beta"]
    assert client.get("/handouts/beta.pdf?locale=en").status_code == 200
    for ref in ("TST-001", "alpha", "alpha-copy"):
        answer = client.get(f"/handouts/{ref}.pdf?locale=en",
                            headers={"Accept": "application/json"})
        assert answer.status_code == 409, ref  # refused, as the CLI refuses; beta prints
        assert "alpha-copy.xml.j2" in json_of(answer)["error"]
    health = json_of(client.get("/healthz"))
    assert health["status"] == "degraded"
    assert any("alpha-copy.xml.j2" in p and "alpha.xml.j2" in p for p in health["problems"])


# --- 2. metadata errors name their line ---------------------------------------------------


@pytest.mark.parametrize(("handout", "old", "new", "at", "says"), [
    ("alpha", "keywords =", "keyword =", "keyword =",
     "`keyword` is not a metadata key; did you mean `keywords`?"),
    ("alpha", 'status = "pending"', 'stauts = "pending"', "stauts",
     "`stauts` is not a key of [review]; did you mean `status`?"),
    ("alpha", "[review]", "[reviews]", "[reviews]", "did you mean `review`?"),
    ("alpha", 'version = "2.1"', "version = 2.1", "version", "`version` must be text in quotes"),
    ("alpha", 'id = "TST-001"', "id = 7", "id =", "`id` must be text in quotes"),
    ("alpha", 'id = "TST-001"', 'id = "tst 1"', "id =", 'should look like "SPN-001"'),
    ("alpha", 'status = "pending"', 'status = "done"', "status", '"pending" or "reviewed"'),
    ("alpha", 'version = "2.1"\n', 'version = "2.1"\nwritten = 2999-01-01\n', "written",
     "`written = 2999-01-01` is in the future"),
    ("beta", "date = 2026-01-15", "date = 2999-01-15", "date =",
     "`review.date = 2999-01-15` is in the future"),
    ("beta", "date = 2026-01-15", 'date = "2026-01-15"', "date =",
     "`review.date` must be a date written YYYY-MM-DD without quotes"),
    ("beta", "date = 2026-01-15", "date = 2026-01-15T10:00:00", "date =",
     "not a date and time"),
    ("beta", 'by = "A. Tester, MD"\n', "", "status", "needs `date` (YYYY-MM-DD) and `by`"),
])
def test_metadata_errors_name_the_key_and_its_line(
        capsys: pytest.CaptureFixture[str], project: Path, handout: str, old: str, new: str,
        at: str, says: str) -> None:
    path = handouts(project) / f"{handout}.xml.j2"
    edit(path, old, new)
    code, err = run(capsys, handout, "--locale", "en", *DATE,
                    "--output", str(project / "x.pdf"))
    assert code == 5 and not (project / "x.pdf").exists()
    assert f"{handout}.xml.j2:{line_of(path, at)}: " in err and says in err, err


def test_a_missing_key_points_at_the_metadata_block(capsys: pytest.CaptureFixture[str],
                                                    project: Path) -> None:
    path = handouts(project) / "alpha.xml.j2"
    edit(path, 'version = "2.1"\n', "")
    code, err = run(capsys, "alpha", "--output", str(project / "x.pdf"))
    assert code == 5 and "alpha.xml.j2:1: the metadata needs `version`" in err
    assert f"ends at line {line_of(path, '---#}')}" in err


def test_metadata_lines_in_a_markdown_handout(capsys: pytest.CaptureFixture[str],
                                              project: Path) -> None:
    (handouts(project) / "gamma.md").write_text(
        '+++\nid = "TST-005"\nversion = "1.0"\nkeyword = ["x"]\n+++\n\n# Gamma\n', "utf-8")
    code, err = run(capsys, "gamma", "--output", str(project / "x.pdf"))
    assert code == 5 and "gamma.md:4: `keyword` is not a metadata key" in err


# --- 3. placeholders ----------------------------------------------------------------------


def test_a_placeholder_without_a_value_names_the_template_line(
        capsys: pytest.CaptureFixture[str], project: Path) -> None:
    base = project / "templates" / "layout" / "base.xml.j2"
    edit(base, "year=brand.copyright_year, ", "")
    code, err = run(capsys, "alpha", "--locale", "en", *DATE, "--output",
                    str(project / "x.pdf"))
    assert code == 5 and not (project / "x.pdf").exists()
    assert f"base.xml.j2:{line_of(base, '<copyright>')}:" in err
    assert "%(year)s" in err and "no value" in err and "year=..." in err


@pytest.mark.parametrize("message", ["Rest 100% of the day", "Rest 100% sure"])
def test_a_lone_percent_sign_names_the_template_line(
        capsys: pytest.CaptureFixture[str], project: Path, message: str) -> None:
    path = handouts(project) / "alpha.xml.j2"
    edit(path, '_("How to rest")', f'_("{message}")')
    code, err = run(capsys, "alpha", "--locale", "en", *DATE, "--output",
                    str(project / "x.pdf"))
    assert code == 5 and f"alpha.xml.j2:{line_of(path, message)}:" in err and "%%" in err


def test_an_undefined_variable_in_a_message_names_the_line(
        capsys: pytest.CaptureFixture[str], project: Path) -> None:
    path = handouts(project) / "alpha.xml.j2"
    edit(path, "{% trans %}Drink water.{% endtrans %}",
         "{% trans %}Drink {{ litres }} of water.{% endtrans %}")
    code, err = run(capsys, "alpha", "--locale", "en", *DATE, "--output",
                    str(project / "x.pdf"))
    assert code == 5 and f"alpha.xml.j2:{line_of(path, 'litres')}:" in err and "litres" in err


def spanish_catalog_with(project: Path, msgid: str) -> Path:
    """The Spanish .po file that translates msgid (however the catalogs are split)."""
    return next(po for po in (project / "locales" / "es").rglob("*.po")
                if f'msgid "{msgid}"' in po.read_text("utf-8"))


def test_a_translation_with_a_placeholder_the_english_lacks_is_refused(
        capsys: pytest.CaptureFixture[str], project: Path) -> None:
    po = spanish_catalog_with(project, "Drink water.")
    edit(po, 'msgstr "Beba agua."', 'msgstr "Beba %(litros)s de agua."')
    code, err = run(capsys, "alpha", "--locale", "es", *DATE, "--output",
                    str(project / "x.pdf"))
    assert code == 8 and "litros" in err and po.name in err
    assert main(["i18n", "check", "es"]) == 1
    assert "unexpected: litros" in capsys.readouterr().out


# --- 4. no text prints untranslated -------------------------------------------------------


def add_unmarked(project: Path) -> tuple[Path, int]:
    path = handouts(project) / "alpha.xml.j2"
    edit(path, "  </ul>\n</section>", "  </ul>\n  <p>Bring this sheet to your visit.</p>\n"
         "</section>")
    return path, line_of(path, "Bring this sheet")


def test_unmarked_text_is_refused_in_a_translation_and_english_prints(
        capsys: pytest.CaptureFixture[str], project: Path) -> None:
    _, line = add_unmarked(project)
    output = project / "x.pdf"
    code, err = run(capsys, "alpha", "--locale", "es", *DATE, "--output", str(output))
    assert code == 5 and not output.exists()
    assert (f"templates/handouts/alpha.xml.j2:{line}: this text is not marked for "
            f"translation: 'Bring this sheet to your visit.'; wrap it in "
            "{% trans %}...{% endtrans %}") in err
    assert run(capsys, "alpha", "--locale", "es", "--draft", *DATE,
               "--output", str(output))[0] == 5
    assert run(capsys, "alpha", "--locale", "en", *DATE, "--output", str(output))[0] == 0


def test_i18n_check_reports_unmarked_text(capsys: pytest.CaptureFixture[str],
                                          project: Path) -> None:
    _, line = add_unmarked(project)
    assert main(["i18n", "check", "es"]) == 1
    out = capsys.readouterr().out
    assert (f"templates/handouts/alpha.xml.j2:{line}: error: this text is not marked for "
            f"translation: 'Bring this sheet to your visit.'") in out


def test_text_beside_a_message_is_found_and_values_are_not(project: Path) -> None:
    path = handouts(project) / "alpha.xml.j2"
    edit(path, "<li>{% trans %}Sleep well.{% endtrans %}</li>",
         "<li>{% trans %}Sleep well.{% endtrans %} Keep the\n      room dark &amp; quiet.</li>")
    edit(path, '<lines n="2"/>', '<lines n="2"/>\n  <p>{{ brand.name }} · {{ handout.id }} · '
         '{{ printed_on }} · {{ handout.version }}</p>\n  <p>{{ "A literal" }}</p>')
    meta = discover_handouts(project / "templates")["alpha"]
    assert unmarked_texts(meta, project) == (
        ("templates/handouts/alpha.xml.j2", line_of(path, "Keep the"),
         "Keep the room dark & quiet."),
        ("templates/handouts/alpha.xml.j2", line_of(path, "A literal"), "A literal"))


def test_the_check_is_cached_until_the_template_changes(project: Path) -> None:
    meta = discover_handouts(project / "templates")["alpha"]
    assert unmarked_texts(meta, project) == ()
    assert unmarked_texts(meta, project) is unmarked_texts(meta, project)  # cached
    path, line = add_unmarked(project)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert unmarked_texts(meta, project) == (
        ("templates/handouts/alpha.xml.j2", line, "Bring this sheet to your visit."),)


@pytest.mark.parametrize("root", [FIXTURE, ROOT], ids=["fixture", "shipped"])
def test_every_shipped_text_is_marked_for_translation(root: Path) -> None:
    for meta in discover_handouts(root / "templates").values():
        assert unmarked_texts(meta, root) == (), meta.name
