"""`generate.py clinical-review HANDOUT --by NAME`: record a clinician's sign-off.

The review is written into the handout's own metadata (its ``[review]``
table), with a fingerprint of the text the clinician read
(``document.handout.text_fingerprint``).  Any later change to a word of the
handout puts "Clinical review: pending" back on paper, in ``--list`` and the
API, until the review is recorded again: a sign-off never vouches for advice
it did not see.  The rest of the file, comments included, is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..document.handout import (
    HandoutMeta,
    find_handout,
    handout_meta,
    metadata_span,
    read_handout_meta,
    text_fingerprint,
)
from ..errors import ContentError, UsageError
from ..i18n.catalogs import replace_file
from ..project import decoded, default_project_dir
from .args import Parser, parse_date

#: The [review] table and its lines, to the next table or the end of the metadata.
_REVIEW_TABLE = re.compile(r"^\[\s*review\s*\][ \t]*(?:#.*)?\n(?:(?!\s*\[).*(?:\n|\Z))*",
                           re.M)


def parser() -> Parser:
    p = Parser(prog="generate.py clinical-review",
               description="Record that a clinician reviewed a handout's text as it is now.")
    p.add_argument("handout", help="handout name or ID, e.g. kyphoplasty or SPN-002")
    p.add_argument("--by", required=True, help='the clinician, e.g. "Ana Ruiz, MD"')
    p.add_argument("--date", type=parse_date, help="review date (default: today)")
    return p


#: The line review_table writes above the fingerprint; dropped when the table is rewritten.
GENERATED = ("# Ties the sign-off to the text reviewed: written by `generate.py "
             "clinical-review`; do not edit by hand.")


def review_table(by: str, date: dt.date, fingerprint: str) -> str:
    return (f"[review]\nstatus = \"reviewed\"\nby = {json.dumps(by, ensure_ascii=False)}\n"
            f"date = {date.isoformat()}\n{GENERATED}\nfingerprint = \"{fingerprint}\"\n")


def with_review(text: str, path: Path, table: str) -> str:
    """The file's text with its [review] table replaced by ``table`` (or added); the
    comments that were in the old table (its header line's too) are kept above it."""
    span = metadata_span(path, text)
    if span is None:
        raise ContentError("the file has no metadata block to record the review in.",
                           path=path, line=1)
    start, end = span
    metadata = text[start:end]
    if found := _REVIEW_TABLE.search(metadata):
        header, *rest = found.group().splitlines()
        comments = [header[header.index("#"):]] if "#" in header else []
        comments += [line for line in rest if line.lstrip().startswith("#")
                     and line.strip() != GENERATED]
        kept = "".join(line + "\n" for line in comments)
        metadata = metadata[:found.start()] + kept + table + metadata[found.end():]
    else:
        metadata = metadata.rstrip("\n") + "\n\n" + table
    closing = "\n" if path.suffix == ".md" else ""  # the block's last line break (above)
    return text[:start] + metadata.rstrip("\n") + closing + text[end:]


def spliced(raw: bytes, text: str, new: str, path: Path) -> bytes:
    """The file's bytes with its metadata block as in ``new``; from the block's end on,
    the bytes are the file's own (a stray CR in the body stays, and so do the line ends
    and byte-order mark a Windows editor saved)."""
    body = raw.decode("utf-8")
    bom = "\ufeff" if body.startswith("\ufeff") else ""
    body = body[len(bom):]
    span = metadata_span(path, text)
    assert span is not None  # with_review has found it
    end = span[1]
    tail = len(text) - end
    line, col = text.count("\n", 0, end), end - (text.rfind("\n", 0, end) + 1)
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", body))]
    at = starts[line] + col
    found = re.search(r"\r\n|\r|\n", body[:at])
    head = new[:len(new) - tail].replace("\n", found.group() if found else "\n")
    return (bom + head + body[at:]).encode("utf-8")


def record(meta: HandoutMeta, by: str, date: dt.date, today: dt.date) -> HandoutMeta:
    """Write the sign-off into the handout's file; the metadata as read back."""
    if date > today:
        raise UsageError(f"the review date {date} is in the future.",
                         hint="give the date the clinician reviewed it (default: today).")
    if meta.written is not None and date < meta.written:
        raise UsageError(f"the review date {date} is before this version was written "
                         f"({meta.written}, `written` in its metadata): that review read "
                         f"another text.", hint="ask the clinician to read this version, "
                         "then record it with today's date.")
    if not by.strip() or "\n" in by:
        raise UsageError("--by needs the clinician's name on one line, e.g. \"Ana Ruiz, MD\".")
    raw = meta.path.read_bytes()
    text = decoded(raw)
    table = review_table(by.strip(), date, text_fingerprint(meta.path, text))
    new = with_review(text, meta.path, table)
    try:  # read back before the author's file is touched: never a file that fails to load
        checked = handout_meta(meta.path, new)
    except ContentError as error:
        raise ContentError(f"the review could not be added to the metadata: {error.message}",
                           path=meta.path, hint="edit the [review] table by hand as "
                           "AUTHORING.md shows, then run this command again.") from None
    if checked.review_state != "reviewed":
        raise ContentError("the metadata holds the review in a form this command cannot "
                           "rewrite (a dotted or inline `review`).", path=meta.path,
                           hint="write it as a table: a line [review], then its keys.")
    replace_file(meta.path, spliced(raw, text, new, meta.path))
    return read_handout_meta(meta.path)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    project = default_project_dir()
    meta = find_handout(args.handout, project / "templates")
    today = dt.date.today()
    done = record(meta, args.by, args.date or today, today)
    print(f"Recorded the clinical review of {done.name} ({done.id}, version {done.version}) "
          f"by {done.reviewed_by} on {done.reviewed_on}: every page now prints that date as "
          f"its clinical review. A later change to the text prints \"pending\" again, until "
          f"a clinician has read it and this command has run again.")
    if done.reviewed_on != today:
        print(f"The sign-off covers the text as it is today: {done.reviewed_on} is right only "
              f"if the handout has not changed since the clinician read it.")
    return 0
