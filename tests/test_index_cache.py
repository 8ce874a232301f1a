"""The index keeps what it found per handout on disk until one of its files changes.

At 300 handouts building every entry took 16 s per `--list` and 12 s per server
start (bench/library_bench.py); with the cache only changed handouts are built,
and a change to a language's shared catalog or locale.toml builds none.  A brand
or layout change renders each handout's English again but reads no catalog
(5.7 s to about 1 s at 300 handouts).
Checked through what a user sees: the listing, and which handouts get built.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import po_path

import handouts.library as library
import handouts.library_cache as library_cache
import handouts.library_facts as library_facts
from handouts.commands.cli import main

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The handouts whose catalogs were read (not taken from the cache), in order."""
    return _built(monkeypatch, tmp_path)[1]


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[list[str], list[str]]:
    """(handouts whose English was rendered, handouts whose catalogs were read)."""
    return _built(monkeypatch, tmp_path)


def _built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[list[str], list[str]]:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    english: list[str] = []
    catalogs: list[str] = []
    real = library_facts.handout_facts

    def counting(meta, locales, project_dir, today, known, read):  # type: ignore[no-untyped-def]
        if known is None:
            english.append(meta.name)
        if read:
            catalogs.append(meta.name)
        return real(meta, locales, project_dir, today, known, read)

    monkeypatch.setattr(library_facts, "handout_facts", counting)
    return english, catalogs


def listing(project: Path) -> list[tuple[str, str, tuple[tuple[str, str, bool], ...]]]:
    index = library.build_index(project, TODAY)
    return [(e.meta.name, e.title, tuple((c.code, c.status, c.complete) for c in e.locales))
            for e in index.entries]


def test_an_unchanged_library_is_listed_from_the_cache(project: Path, built: list[str],
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    first = listing(project)
    assert built == ["alpha", "beta"]
    assert listing(project) == first and built == ["alpha", "beta"], "nothing built again"
    assert main(["--list"]) == 0
    assert "Resting after a test" in capsys.readouterr().out and len(built) == 2


def test_a_changed_catalog_rebuilds_that_handout_only(project: Path, built: list[str]) -> None:
    listing(project)
    path = po_path(project, "es", "alpha")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog["Sleep well."].string = ""
    with path.open("wb") as fh:
        write_po(fh, catalog)
    after = dict((name, locales) for name, _, locales in listing(project))
    assert built == ["alpha", "beta", "alpha"]
    spanish = {name: next(complete for code, _, complete in locales if code == "es")
               for name, locales in after.items()}
    assert spanish == {"alpha": False, "beta": True}, "alpha now waits for translation"


def test_a_layout_or_brand_change_renders_every_handout_but_reads_no_catalog(
        project: Path, rendered: tuple[list[str], list[str]]) -> None:
    """IT's first job is the brand file (the phone numbers): at 300 handouts reading
    every catalog again made the next listing and server start take 5.7 s."""
    english, catalogs = rendered
    first = listing(project)
    brand = next((project / "brand").glob("*.toml"))
    brand.write_text(brand.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert listing(project) == first
    assert english == ["alpha", "beta", "alpha", "beta"] and catalogs == ["alpha", "beta"]
    layout = project / "templates" / "layout" / "base.xml.j2"
    layout.write_text(layout.read_text("utf-8") + "\n", "utf-8")
    assert listing(project) == first
    assert len(english) == 6 and catalogs == ["alpha", "beta"]


def test_a_brand_change_that_changes_an_english_title_is_searched_anew(
        project: Path, rendered: tuple[list[str], list[str]]) -> None:
    """What search reads is never an old title: the catalogs are read again for a title
    or subtitle the brand file changed."""
    english, catalogs = rendered
    handout = project / "templates" / "handouts" / "alpha.xml.j2"
    handout.write_text(handout.read_text("utf-8").replace(
        '{{ _("What to do at home") }}', '{{ _("What to do at home") }} {{ brand.name }}'),
        "utf-8")
    brand = next((project / "brand").glob("*.toml"))
    name = next(line for line in brand.read_text("utf-8").splitlines()
                if line.startswith("name = ")).split("=", 1)[1].strip().strip('"')
    before = {e.meta.name: e.titles for e in library.build_index(project, TODAY).entries}
    brand.write_text(brand.read_text("utf-8").replace(name, "Riverside Clinic"), "utf-8")
    after = {e.meta.name: e.titles for e in library.build_index(project, TODAY).entries}
    assert any(name in t for t in before["alpha"])
    assert any("Riverside Clinic" in t for t in after["alpha"])
    assert not any(name in t for t in after["alpha"])
    assert catalogs == ["alpha", "beta", "alpha"], "alpha's catalogs read for its new title"


def test_a_shared_catalog_or_review_change_rebuilds_none_yet_shows(project: Path,
                                                                 built: list[str]) -> None:
    """A translator's edit of shared.po, or a recorded review, is read once for the
    language, not once per handout (20 s at 300 handouts before, under 1 s now)."""
    before = dict((name, locales) for name, _, locales in listing(project))
    path = po_path(project, "es", "shared")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    next(m for m in catalog if m.id and m.string).string = ""
    with path.open("wb") as fh:
        write_po(fh, catalog)
    after = dict((name, locales) for name, _, locales in listing(project))
    assert built == ["alpha", "beta"], "no handout's entry built again"
    spanish = {name: next(complete for code, _, complete in locales if code == "es")
               for name, locales in after.items()}
    assert spanish == {"alpha": False, "beta": False}, "every handout now waits for it"
    assert before != after


def test_a_cache_that_cannot_be_written_is_not_used(project: Path, built: list[str],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocker / "cache"))
    assert listing(project) == listing(project)
    assert built == ["alpha", "beta", "alpha", "beta"]


def test_many_entries_built_in_processes_give_the_same_index(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A first listing of a big library builds its entries in worker processes
    (library_cache.each_built); what they find, broken handouts included, is the same."""
    alpha = (project / "templates" / "handouts" / "alpha.xml.j2").read_text("utf-8")
    (project / "templates" / "handouts" / "gamma.xml.j2").write_text(
        alpha.replace('id = "TST-001"', 'id = "TST-009"').replace(
            '{% block title %}', '{% block title %}{{ 1 / 0 }}'), "utf-8")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "serial"))
    serial = library.build_index(project, TODAY)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "parallel"))
    monkeypatch.setattr(library_cache, "PARALLEL_FROM", 1)
    parallel = library.build_index(project, TODAY)
    assert parallel.entries == serial.entries and len(serial.entries) == 2
    assert [(e.message, e.handouts) for e in parallel.broken] == \
        [(e.message, e.handouts) for e in serial.broken]
    assert [e.handouts for e in parallel.broken] == [("gamma", "TST-009")]


def test_listing_loads_no_font(project: Path) -> None:
    """The listing and /healthz check each language's fonts without loading them: a
    server holding every language's fonts took 80 MB more (bench/library_bench.py)."""
    import subprocess
    import sys

    script = ("import datetime, sys; from pathlib import Path\n"
              "from reportlab.pdfbase import pdfmetrics\n"
              "from handouts.library import build_index\n"
              "index = build_index(Path(sys.argv[1]), datetime.date(2026, 11, 23))\n"
              "assert index.entries, index.broken\n"
              "print(sorted(n for n in pdfmetrics.getRegisteredFontNames() if 'Noto' in n))\n")
    found = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True,
                           text=True, timeout=120, check=True)
    assert found.stdout.strip() == "[]", found.stdout
