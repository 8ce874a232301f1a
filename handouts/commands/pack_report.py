"""What a print pack prints when it is done: a table of the files, then what is waiting
for translation (short, grouped when there are many) and what failed (a few lines each).

A library in many languages is never fully translated, so "waiting" is the normal
state of some handout x language pairs: it is listed, never printed as an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .pack_run import Result, Waiting

#: Up to this many handout x language pairs waiting are listed one a line; more are
#: grouped a line per language.
WAITING_LINES = 10
#: Lines of one failure's message shown (its "What to do" line is always kept).
FAILURE_LINES = 3
NAMES_SHOWN = 4  # handouts or files named in one grouped line
FAILURES_SHOWN = 10  # distinct failures printed; the table marks every failed file


def names(items: Iterable[str], limit: int = NAMES_SHOWN) -> str:
    """'a, b, c and 9 more'."""
    shown = list(items)
    if len(shown) <= limit:
        return ", ".join(shown)
    return f"{', '.join(shown[:limit])} and {len(shown) - limit} more"


def table(results: list[Result]) -> list[str]:
    rows = [("FILE", "PAGES", "KB", "SECONDS", "STATUS")]
    rows += [(r.file, str(r.pages or "-"), f"{r.size / 1024:.0f}" if r.size else "-",
              f"{r.seconds:.2f}", r.status.upper() if r.status == "failed" else r.status)
             for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return ["  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w)
                      for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows]


def _script_lines(waiting: list[Waiting]) -> list[str]:
    """A language whose script cannot print yet: one line, however many handouts."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for w in waiting:
        groups[(w.locale, w.script)].append(w.handout)
    lines = []
    for (locale, _), handouts in sorted(groups.items()):
        first = next(w for w in waiting if w.locale == locale)
        who = f"{handouts[0]} · {locale}" if len(handouts) == 1 else \
            f"{locale} · {len(handouts)} handouts"
        lines.append(f"  {who}: {first.reason()}")
    return lines


def _per_language(waiting: list[Waiting], handouts: int) -> list[str]:
    """Many pairs waiting: a line per language, with the handouts it still lacks."""
    groups: dict[str, list[Waiting]] = defaultdict(list)
    for w in waiting:
        groups[w.locale].append(w)
    lines = []
    for locale, items in sorted(groups.items()):
        counts = [f"{sum(w.untranslated for w in items)} messages untranslated"]
        counts += [f"{n} fuzzy" for n in [sum(w.fuzzy for w in items)] if n]
        counts += [f"{n} not started" for n in [sum(bool(w.missing) for w in items)] if n]
        lines.append(f"  {locale} · {len(items)} of {handouts} handouts waiting for translation "
                     f"({', '.join(counts)}): {names(sorted(w.handout for w in items))}")
    return lines


def waiting_section(results: list[Result], handouts: int, status_command: str) -> list[str]:
    waits = [r for r in results if r.waiting is not None]
    if not waits:
        return []
    script = [r.waiting for r in waits if r.waiting is not None and r.waiting.script]
    text = sorted((r.waiting for r in waits if r.waiting is not None and not r.waiting.script),
                  key=lambda w: (w.handout, w.locale))
    lines = [f"\nWaiting for translation ({len(waits)} handout × language, not in the pack):"]
    if len(text) <= WAITING_LINES:
        lines += [f"  {w.handout} · {w.locale}: {w.reason()}" for w in text]
    else:
        lines += _per_language(text, handouts)
    lines += _script_lines(script)
    removed = [r.file for r in waits if r.removed]
    if removed:
        lines.append(f"  Removed out-of-date copies from an earlier run: {names(removed)}")
    lines.append("  Translate them in each language's .po files (TRANSLATING.md), or preview "
                 "one with --draft (a catalog not started yet: `python generate.py i18n update` "
                 "first).")
    lines.append(f"  Every handout × language, with what is left: {status_command}")
    return lines


def _shorten(message: str) -> list[str]:
    """A failure in a few lines: its first lines and its "What to do" line."""
    lines = message.splitlines()
    hint = [line for line in lines if line.lstrip().startswith("What to do:")]
    body = [line for line in lines if line not in hint]
    if len(body) > FAILURE_LINES:
        more = len(body) - FAILURE_LINES
        body = body[:FAILURE_LINES] + [f"... and {more} more line{'s' if more > 1 else ''} "
                                       "(render that file alone with generate.py to see all)"]
    return [line.strip() for line in (*body, *hint)]


def failure_section(results: list[Result]) -> list[str]:
    """Each distinct failure once, with the files it stopped (a broken template fails
    every language of its handout with the same message)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.status == "failed":
            groups[r.message].append(r.file)
    if not groups:
        return []
    lines = ["\nFailed:"]
    for message, files in list(groups.items())[:FAILURES_SHOWN]:
        lines.append(f"  {names(files)}:")
        lines += [f"    {line}" for line in _shorten(message)]
    if len(groups) > FAILURES_SHOWN:
        lines.append(f"  ... and {len(groups) - FAILURES_SHOWN} more, marked FAILED in the "
                     "table (render one alone with generate.py to see why)")
    return lines


def summary(results: list[Result], output_dir: Path, handouts: int,
            status_command: str = "python generate.py i18n status") -> str:
    """The table of files, a count line, then what waits and what failed."""
    files = [r for r in results if r.status != "waiting"]
    lines = table(files) if files else []
    counts = {s: sum(r.status == s for r in files) for s in ("written", "unchanged", "failed")}
    waiting = len(results) - len(files)
    lines.append(f"{len(files)} files in {output_dir}: " +
                 ", ".join(f"{n} {s}" for s, n in counts.items()) +
                 (f"; {waiting} waiting for translation" if waiting else ""))
    lines += waiting_section(results, handouts, status_command)
    lines += failure_section(results)
    return "\n".join(lines)
