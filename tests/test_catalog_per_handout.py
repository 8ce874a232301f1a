"""The translation unit is a handout in a language (issue 8).

A second handout gets catalogs of its own: adding or translating it never
touches another handout's catalog or review.  A new message never arrives with
another sentence's translation; an exact match reviewed in another handout is
reused and says so, a near match is a translator comment only.  A library from
before, with one catalog per language, moves to per-handout catalogs losing
nothing.  Plain gettext tools work on every catalog.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURE, copy_project, flat, msgfmt, page_texts, po_path, render

from handouts.commands.cli import main

LIE_BACK, LIE_STOMACH = "You lie on your back.", "You lie on your stomach."
REVIEWED_ON = "2020-01-15"


def read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def add_handout(project: Path, name: str, doc_id: str, *sentences: str) -> None:
    """A new handout made of sentences, each one message."""
    items = "\n".join(f"    <li>{{% trans %}}{s}{{% endtrans %}}</li>" for s in sentences)
    (project / "templates" / "handouts" / f"{name}.xml.j2").write_text(
        f'{{#---\nid = "{doc_id}"\nversion = "1.0"\n---#}}\n'
        f'{{% extends "layout/base.xml.j2" %}}\n'
        f'{{% block title %}}{{{{ _("A new handout") }}}}{{% endblock %}}\n'
        f"{{% block body %}}\n<section id=\"s\">\n  <h>{{{{ _(\"What to do\") }}}}</h>\n"
        f"  <ul>\n{items}\n  </ul>\n</section>\n{{% endblock %}}\n", "utf-8")


def snapshot(project: Path, code: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in po_path(project, code).parent.glob("*.po")}


def test_a_new_handout_gets_its_own_catalogs_and_leaves_the_others_alone(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for catalog in ("alpha", "shared"):
        assert main(["i18n", "review", "es", catalog, "--by", "Ana Ruiz, CHI",
                     "--date", REVIEWED_ON]) == 0
    before = snapshot(project, "es")
    add_handout(project, "gamma", "TST-003", "Walk a little every day.")
    capsys.readouterr()
    assert main(["i18n", "update"]) == 0
    said = capsys.readouterr().out  # in an author's words, not "English changed in..."
    assert said.startswith("New handout(s), their catalogs made in every language: gamma.")
    after = snapshot(project, "es")
    assert set(after) - set(before) == {"gamma.po"}
    assert {k: after[k] for k in before} == before, "no other catalog is rewritten"
    assert (project / "locales" / "gamma.pot").is_file()
    reviewed = flat(" ".join(page_texts(render(locale="es", project_dir=project).pdf)))
    assert "Traducción revisada por Ana Ruiz, CHI" in reviewed, "alpha keeps its review"
    assert main(["gamma", "--locale", "es", "--output", str(project / "g.pdf")]) == 8
    assert "gamma.po" in capsys.readouterr().err, "refused, naming the catalog to translate"
    assert main(["gamma", "--locale", "en", "--output", str(project / "g.pdf")]) == 0


def test_new_messages_never_arrive_with_another_sentences_translation(project: Path) -> None:
    """The old `update` pre-filled "lie on your back" with "lie on your stomach"."""
    add_handout(project, "gamma", "TST-003", LIE_STOMACH)
    assert main(["i18n", "update"]) == 0
    gamma = read(po_path(project, "es", "gamma"))
    gamma[LIE_STOMACH].string = "Usted se acuesta boca abajo."
    with po_path(project, "es", "gamma").open("wb") as fh:
        write_po(fh, gamma)
    add_handout(project, "delta", "TST-004", LIE_BACK)
    assert main(["i18n", "update"]) == 0
    entry = read(po_path(project, "es", "delta"))[LIE_BACK]
    assert entry.string == "" and not entry.fuzzy, "no guess as the translation"
    note = " ".join(entry.user_comments)
    assert "Similar" in note and "boca abajo" in note and "suggestion only" in note
    delta = read(po_path(project, "es", "delta"))  # translated: the next merge drops the hint
    delta[LIE_BACK].string = "Usted se acuesta boca arriba."
    mine = ["Similar wording to the consent form: keep it.", "Checked with the nurses."]
    delta[LIE_BACK].user_comments.extend(mine)  # a translator's, one that looks like ours
    with po_path(project, "es", "delta").open("wb") as fh:
        write_po(fh, delta)
    add_handout(project, "delta", "TST-004", LIE_BACK, "Drink water.")  # the English changes
    assert main(["i18n", "update"]) == 0
    entry = read(po_path(project, "es", "delta"))[LIE_BACK]
    assert entry.user_comments == mine, entry.user_comments


def test_an_exact_match_reviewed_elsewhere_is_reused_and_says_where_from(
        project: Path) -> None:
    add_handout(project, "gamma", "TST-003", "Sleep well.", "Water helps your body heal.",
                "Eat fruit.")
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz, CHI",
                 "--date", REVIEWED_ON]) == 0
    assert main(["i18n", "update"]) == 0
    gamma = read(po_path(project, "es", "gamma"))
    sleep = gamma["Sleep well."]  # in alpha, reviewed: reused
    assert sleep.string == "Duerma bien." and not sleep.fuzzy
    assert any("Reused from alpha (reviewed by Ana Ruiz, CHI" in c for c in sleep.user_comments)
    water = gamma["Water helps your body heal."]  # in beta, whose translation nobody reviewed
    assert water.string == "" and any("not yet reviewed" in c for c in water.user_comments)
    assert gamma["Eat fruit."].string == ""


def legacy_project(tmp_path: Path) -> Path:
    """The fixture as an older version kept it: one catalog per language, one template."""
    old = copy_project(FIXTURE, tmp_path / "legacy")
    folder = old / "locales" / "es" / "LC_MESSAGES"
    single = read(folder / "shared.po")  # its header (Plural-Forms) as the old catalog had it
    for path in sorted(folder.glob("*.po")):
        for message in read(path):
            if message.id:
                single[message.id] = message
        path.unlink()
    single["Sleep well."].flags.add("fuzzy")  # a translator's unfinished work is kept too
    with (folder / "messages.po").open("wb") as fh:
        write_po(fh, single)
    for pot in (old / "locales").glob("*.pot"):
        pot.unlink()
    return old


def test_a_single_catalog_moves_to_per_handout_catalogs_losing_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = legacy_project(tmp_path)
    monkeypatch.setenv("HANDOUTS_HOME", str(old))
    assert main(["i18n", "update"]) == 0
    folder = old / "locales" / "es" / "LC_MESSAGES"
    assert sorted(p.name for p in folder.iterdir()) == [
        "alpha.po", "beta.po", "messages.po.migrated", "shared.po"]
    assert read(folder / "alpha.po")["Sleep well."].fuzzy, "fuzzy stays fuzzy"
    catalog = read(folder / "alpha.po")  # the translator finishes it
    catalog["Sleep well."].flags.discard("fuzzy")
    with (folder / "alpha.po").open("wb") as fh:
        write_po(fh, catalog)
    for handout in ("alpha", "beta"):
        for variant in ({}, {"bilingual": True}):
            moved = render(handout, locale="es", project_dir=old, **variant)
            kept = render(handout, locale="es", **variant)  # the fixture, per handout already
            assert page_texts(moved.pdf) == page_texts(kept.pdf), (handout, variant)


def test_plain_gettext_tools_work_on_every_catalog(project: Path) -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel) if pybabel.exists() else shutil.which("pybabel") or "pybabel"]
    for domain in ("alpha", "beta", "shared"):
        result = subprocess.run([*command, "update", "-D", domain, "-i",
                                 f"locales/{domain}.pot", "-d", "locales", "-N"],
                                cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        po = po_path(project, "es", domain)
        assert read(po).locale is not None
        checked = subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(po)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, f"{po}: {checked.stderr}"
    assert main(["alpha", "--locale", "es", "--output", str(project / "a.pdf")]) == 0


def test_a_translation_reused_in_one_language_never_lands_in_another(project: Path) -> None:
    """Each language fills its own copy of the template: Spanish reused from a reviewed
    Spanish handout must not appear in the French catalog (French is not reviewed)."""
    shutil.copytree(project / "locales" / "es", project / "locales" / "fr")
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz, CHI",
                 "--date", REVIEWED_ON]) == 0
    add_handout(project, "gamma", "TST-003", "Sleep well.")
    assert main(["i18n", "update"]) == 0
    assert read(po_path(project, "es", "gamma"))["Sleep well."].string == "Duerma bien."
    french = read(po_path(project, "fr", "gamma"))["Sleep well."]
    assert french.string == "" and not any("Reused" in c for c in french.user_comments)


def test_english_extracted_earlier_still_reaches_every_catalog(project: Path) -> None:
    """`i18n extract` on its own (or an update cut short) leaves the template newer than
    the catalogs: the next update still merges them."""
    alpha = project / "templates" / "handouts" / "alpha.xml.j2"
    alpha.write_text(alpha.read_text("utf-8").replace("Sleep well.", "Sleep well at night."),
                     "utf-8")
    assert main(["i18n", "extract"]) == 0
    assert main(["i18n", "update"]) == 0
    entry = read(po_path(project, "es", "alpha")).get("Sleep well at night.")
    assert entry is not None and entry.string == "", "the new sentence arrives to translate"


def test_a_new_catalog_takes_the_plural_rule_its_language_already_uses(
        project: Path) -> None:
    add_handout(project, "gamma", "TST-003", "Eat fruit.")
    assert main(["i18n", "update"]) == 0
    shared = read(po_path(project, "es", "shared")).plural_forms
    assert read(po_path(project, "es", "gamma")).plural_forms == shared


def test_a_handout_cannot_take_the_shared_catalogs_name(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its text would never be extracted, and it would print in English as 'reviewed'."""
    add_handout(project, "shared", "TST-009", "Eat fruit.")
    assert main(["shared", "--locale", "es", "--output", str(project / "s.pdf")]) != 0
    err = capsys.readouterr().err
    assert "shared.xml.j2" in err and "cannot be a handout's name" in err
    assert "Traceback" not in err and not (project / "s.pdf").exists()


def test_a_sentence_changed_since_the_old_catalog_comes_back_as_a_suggestion(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = legacy_project(tmp_path)
    legacy = old / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog = read(legacy)
    water = catalog["Drink water."]
    del catalog["Drink water."]
    catalog.add("Drink water!", water.string)  # the English before an author's edit
    with legacy.open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setenv("HANDOUTS_HOME", str(old))
    assert main(["i18n", "update"]) == 0
    entry = read(old / "locales" / "es" / "LC_MESSAGES" / "alpha.po")["Drink water."]
    note = " ".join(entry.user_comments)
    assert entry.string == "" and water.string in note and "messages.po" in note
    assert note.count("Similar") == 1, "one note, not one per merge"


def test_a_review_replaces_a_hand_edited_table_and_reads_back(project: Path) -> None:
    toml = project / "locales" / "es" / "locale.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[review.alpha]  # Ana\nstatus = "draft"\n',
                    "utf-8")
    assert main(["i18n", "review", "es", "alpha", "--by", "Ana Ruiz, CHI",
                 "--date", REVIEWED_ON]) == 0
    text = toml.read_text("utf-8")
    assert text.count("[review.alpha]") == 1
    assert main(["i18n", "status"]) == 0


@pytest.mark.parametrize("ours", [
    ['Similar (84%, from gamma): "You lie on your stomach." was translated "Usted se acuesta',
     'boca abajo.". A suggestion only: translate this', "sentence."],
    ["Reused from gamma (reviewed by Ana Ruiz, CHI, on 2026-11-20); check it", "fits here."],
])
def test_our_note_is_found_whatever_its_wrapping(ours: list[str]) -> None:
    """A note read back from a .po file is wrapped at 76 columns, its ending too."""
    from babel.messages.catalog import Message

    from handouts.i18n.memory import _comment

    mine = ["Similar wording to the consent form: keep it.", "Checked with the nurses."]
    message = Message("Sleep well.", "Duerma bien.", user_comments=[mine[0], *ours, mine[1]])
    _comment(message, None)
    assert message.user_comments == mine


def test_reviewing_a_handout_says_when_its_printouts_still_wait_for_shared(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A translator reviewed a handout and saw "Marked ... reviewed", but its printouts
    still said "not yet reviewed": the shared catalog was not. The command says so,
    with the command to run, until the shared catalog is reviewed too."""
    review = ["i18n", "review", "es", "alpha", "--by", "Ana Ruiz, CHI", "--date", REVIEWED_ON]
    assert main(review) == 0
    said = capsys.readouterr().out
    assert "still say the translation is not yet reviewed" in said
    assert "generate.py i18n review es shared" in said
    assert main(["i18n", "review", "es", "shared", "--by", "Ana Ruiz, CHI",
                 "--date", REVIEWED_ON]) == 0
    assert main(review) == 0
    assert "still say" not in capsys.readouterr().out
