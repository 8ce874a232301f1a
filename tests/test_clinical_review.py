"""A clinical sign-off holds for the text it was recorded with, and no other.

An educator changed "Keep the bandage on for 24 to 48 hours" to "5 days" after
the sign-off, and every page still printed "Clinical review: December 1, 2026"
above advice nobody had reviewed.  `generate.py clinical-review` records the
review with a fingerprint of the text; a change to a word puts "pending" back on
paper, in --list and in the API until the review is recorded again.  Checked
on the PDF's text (pypdf), the listing and the API.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import flat, page_texts, render, saved_on_windows
from web_support import make_app

from handouts.commands.cli import main

AUTHORED = Path(__file__).resolve().parent / "authoring" / "recovery.md"
SIGN_OFF = ["--by", "Dr. Ana Ruiz, MD", "--date", "2026-11-20"]


def first_page(project: Path, handout: str = "alpha") -> str:
    return flat(page_texts(render(handout, locale="en", project_dir=project).pdf)[0])


def listed(project: Path, capsys: pytest.CaptureFixture[str], handout: str) -> str:
    capsys.readouterr()
    main(["--list"])
    out = capsys.readouterr().out
    return next(line for line in out.splitlines() if f" {handout} " in line) + out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("handout", ["alpha", "recovery"], ids=["xml", "markdown"])
def test_a_recorded_review_prints_until_a_word_of_the_text_changes(
        project: Path, capsys: pytest.CaptureFixture[str], handout: str) -> None:
    shutil.copy(AUTHORED, project / "templates" / "handouts" / "recovery.md")
    path = next((project / "templates" / "handouts").glob(f"{handout}.*"))
    assert "Clinical review: pending" in first_page(project, handout)
    assert main(["clinical-review", handout, *SIGN_OFF]) == 0
    assert "Clinical review: November 20, 2026" in first_page(project, handout)
    assert "2026-11-20" in listed(project, capsys, handout).splitlines()[0]
    saved_on_windows(path, "crlf")  # saved again by another editor: the same text
    assert "Clinical review: November 20, 2026" in first_page(project, handout)
    old, new = ("Drink water.", "Drink more water.") if handout == "alpha" else \
        ("Rest for the first day", "Rest for the first week")
    edit(path, old, new)
    assert "Clinical review: pending" in first_page(project, handout)
    line = listed(project, capsys, handout)
    assert "pending (changed since 2026-11-20)" in line and "clinical-review NAME" in line
    api = make_app(project).test_client().get("/api/handouts").get_json()
    mine = next(h for h in api if h["name"] == handout)
    assert mine["reviewed"] is False and mine["review_status"] == "changed-since-review"
    assert mine["reviewed_by"] == "Dr. Ana Ruiz, MD"
    assert main(["clinical-review", handout, *SIGN_OFF]) == 0  # read again: recorded again
    assert "Clinical review: November 20, 2026" in first_page(project, handout)


def test_a_sign_off_typed_by_hand_is_tied_to_no_text(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "templates" / "handouts" / "alpha.xml.j2"
    edit(path, 'status = "pending"', 'status = "reviewed"\nby = "Dr. Ana Ruiz, MD"\n'
                                      'date = 2026-11-20')
    assert "Clinical review: pending" in first_page(project)
    assert "pending (not recorded: see below)" in listed(project, capsys, "alpha")


def test_the_command_keeps_the_file_and_refuses_what_it_cannot_vouch_for(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "templates" / "handouts" / "alpha.xml.j2"
    before = path.read_bytes()
    assert main(["clinical-review", "alpha", "--by", "Dr. Ana Ruiz, MD",
                 "--date", "2999-01-01"]) == 2
    assert main(["clinical-review", "nosuch", *SIGN_OFF]) != 0
    assert main(["clinical-review", "alpha", "--by", "  ", "--date", "2026-11-20"]) == 2
    assert "in the future" in capsys.readouterr().err
    assert path.read_bytes() == before, "a refusal leaves the file as it was"
    assert main(["clinical-review", "TST-001", *SIGN_OFF]) == 0  # by ID too
    after = path.read_text("utf-8")
    assert after.startswith(before.decode("utf-8").split("[review]")[0]), "the rest is kept"
    assert after.split("---#}", 1)[1] == before.decode("utf-8").split("---#}", 1)[1]
    assert main(["clinical-review", "alpha", *SIGN_OFF]) == 0  # again: one [review] table
    assert path.read_text("utf-8").count("[review]") == 1


def test_comments_line_ends_and_a_windows_file_survive_the_rewrite(project: Path) -> None:
    """The rewrite is the review, not a diff of every line (review): comment lines in the
    table stay, and a file saved with CR LF and a byte-order mark keeps both."""
    path = project / "templates" / "handouts" / "alpha.xml.j2"
    edit(path, 'status = "pending"', 'status = "pending"\n# Ask Dr. Lee first.')
    saved_on_windows(path, "bom+crlf")
    assert main(["clinical-review", "alpha", *SIGN_OFF]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n"), "no line left with a bare LF"
    assert b"# Ask Dr. Lee first." in data
    assert "Clinical review: November 20, 2026" in first_page(project)


def test_a_review_dated_before_this_version_was_written_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Backdating a sign-off to before the text it covers was written is refused: that
    review read another text (review)."""
    path = project / "templates" / "handouts" / "alpha.xml.j2"
    edit(path, 'version = "2.1"', 'version = "2.2"\nwritten = 2026-11-25')
    before = path.read_bytes()
    assert main(["clinical-review", "alpha", *SIGN_OFF]) == 2  # dated 2026-11-20
    assert "before this version was written" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["clinical-review", "alpha", "--by", "Dr. Ana Ruiz, MD",
                 "--date", "2026-11-25"]) == 0
    assert "covers the text as it is today" in capsys.readouterr().out


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_the_body_keeps_its_bytes_and_the_header_comment_stays(project: Path,
                                                               ends: str) -> None:
    """Only the metadata block is rewritten: a stray CR in the body, the file's line ends
    and its mode stay; the [review] line's own comment is kept (review)."""
    shutil.copy(AUTHORED, project / "templates" / "handouts" / "recovery.md")
    path = project / "templates" / "handouts" / "recovery.md"
    text = path.read_text("utf-8").replace("[review]", "[review]  # Dr. Lee to sign")
    head, body = text.split("\n+++\n", 1)
    body = body.replace("Most people go home", "Most people\rgo home", 1)  # a stray CR
    path.write_bytes((head.replace("\n", ends) + ends + "+++" + ends + body).encode("utf-8"))
    path.chmod(0o664)
    before = path.read_bytes()
    assert main(["clinical-review", "recovery", *SIGN_OFF]) == 0
    after = path.read_bytes()
    closer = ("+++" + ends).encode()
    assert after.split(closer, 2)[2] == before.split(closer, 2)[2], "the body's own bytes"
    assert b"# Dr. Lee to sign" in after and (path.stat().st_mode & 0o777) == 0o664
    assert b"\n" not in after.split(closer, 2)[1] or ends != "\r"
