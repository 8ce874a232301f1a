"""One click to paper: the patient's copy goes straight to a CUPS printer.

IT names the printers a desk may use (config ``PRINTERS``, env
``HANDOUTS_PRINTERS``: CUPS queue names, each optionally ``queue=Label``,
separated by commas).  The page offers them; "Print" renders the copy and
hands it to CUPS's own client, ``lp`` (Debian package ``cups-client``), on
standard input.  The environment's ``CUPS_SERVER`` picks the print server, as
for any CUPS program.

What stays where: the PDF goes from memory to ``lp``'s standard input, never to
a file here.  The job's title is the handout and language, never the
patient's name, because CUPS keeps titles in its page log and job history.
The print server spools the document until it is printed; it must delete it
then (``PreserveJobFiles No`` in its ``cupsd.conf``: docs/printing.md).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import FieldError, PrintError

LP = "lp"
TIMEOUT = 30.0  # seconds lp may take to hand the job to the print server
#: CUPS queue names: printable, no space, slash, hash, backslash or quotes (lpadmin(8)).
_QUEUE = re.compile(r"^[A-Za-z0-9_.@+-]{1,127}$")
_JOB = re.compile(r"request id is (\S+)")
JOB_ID = re.compile(r"^[A-Za-z0-9_.@+-]{1,140}$")  # a CUPS job ID: the queue, "-", a number
#: CUPS media names for the paper sizes the handouts are laid out on.
MEDIA = {"letter": "Letter", "a4": "A4", "legal": "Legal"}


@dataclass(frozen=True)
class Printer:
    """A CUPS queue the page offers, and what the desk calls it."""

    queue: str
    label: str


def parse_printers(setting: str | Sequence[str] | None) -> tuple[Printer, ...]:
    """``"desk1=Front desk 1, radiology"`` (or a list of such items) -> printers.

    A malformed name is IT's mistake, found when the app starts (UsageError).
    """
    items = setting.split(",") if isinstance(setting, str) else list(setting or ())
    printers = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        queue, _, label = (part.strip() for part in item.partition("="))
        if not _QUEUE.match(queue):
            raise FieldError("PRINTERS", f"HANDOUTS_PRINTERS: {queue[:60]!r} is not a CUPS "
                                         "queue name (letters, digits, - _ . @ +).",
                             hint="write queue names as `lpstat -e` lists them, "
                                  "e.g. HANDOUTS_PRINTERS=\"desk1=Front desk 1,desk2\".")
        printers.append(Printer(queue, label or queue))
    return tuple(printers)


def choose(printers: Sequence[Printer], queue: str) -> Printer:
    """The printer the form names; only those IT configured."""
    for printer in printers:
        if printer.queue == queue:
            return printer
    if not printers:
        raise PrintError("printing from this page is not set up on this server.",
                         hint="open the PDF and print it from the browser; ask IT to set "
                              "HANDOUTS_PRINTERS (docs/printing.md).", status=503)
    names = ", ".join(p.label for p in printers)
    raise FieldError("printer", f"Printer (printer) {queue[:40]!r} is not one of this "
                                f"page's printers: {names}.")


def send(printer: Printer, pdf: bytes, title: str, paper: str) -> str:
    """Hand the PDF to CUPS; the print server's job ID, e.g. ``desk1-42``."""
    command = [LP, "-d", printer.queue, "-t", title, "-o", f"media={MEDIA.get(paper, paper)}"]
    env = {**os.environ, "LC_ALL": "C"}  # lp's messages in English, for the desk and the log
    try:
        done = subprocess.run(command, input=pdf, capture_output=True, timeout=TIMEOUT,
                              env=env, check=False)
    except FileNotFoundError:
        raise PrintError("this server cannot print: the `lp` command is missing.",
                         hint="open the PDF and print it from the browser; ask IT to install "
                              "CUPS's client (Debian package cups-client).", status=503) from None
    except subprocess.TimeoutExpired:
        raise PrintError(f"the print server did not take the job for {printer.label} within "
                         f"{TIMEOUT:g} seconds.", hint=_TRY_AGAIN) from None
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0:
        reason = said[-1][:200] if said else f"lp exited with status {done.returncode}"
        raise PrintError(f"{printer.label} did not take the job: {reason.removeprefix('lp: ')}",
                         hint=_TRY_AGAIN)
    found = _JOB.search(done.stdout.decode("utf-8", "replace"))
    return found.group(1) if found else ""


_TRY_AGAIN = ("check the printer is on and has paper, then try again; or open the PDF and "
              "print it from the browser.")
