#!/usr/bin/env python3
"""Render patient handouts: `python generate.py --help`. The code lives in handouts/."""

import sys
from pathlib import Path

#: What pyproject.toml's dependencies install (by import name), and the standard
#: library's tomllib (Python 3.11): without one, this Python is not the project's.
NEEDED = {"reportlab", "rl_accel", "jinja2", "markupsafe", "babel", "textstat", "flask",
          "werkzeug", "waitress", "pypdfium2", "PIL", "uharfbuzz", "bidi", "pikepdf",
          "rapidfuzz", "tomllib"}


def _not_set_up(missing: str) -> int:
    """One screen, not a traceback: this Python is not the project's (or too old)."""
    venv = Path(__file__).resolve().parent / ".venv" / "bin" / "python"
    what = (f"{sys.executable} is older than Python 3.11" if missing == "tomllib" else
            f'the library "{missing}" is not installed for {sys.executable}')
    how = (f"run `{venv} generate.py` and what you typed after it (the project's own Python)"
           if venv.exists() else "set the project up first with the README's first command")
    print(f"Setup error: {what}.\n  What to do: {how}.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    from handouts.commands.cli import main  # imports no library until a command needs it

    try:
        sys.exit(main())
    except ModuleNotFoundError as exc:
        library = (exc.name or "").split(".")[0]
        if library not in NEEDED:
            raise  # a fault of ours, not of the set-up: shown whole
        sys.exit(_not_set_up(library))
