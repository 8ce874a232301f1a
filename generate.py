#!/usr/bin/env python3
"""Render patient handouts: `python generate.py --help`. The code lives in handouts/."""

import sys
from pathlib import Path

#: What pyproject.toml's dependencies install (by import name), and the standard
#: library's tomllib (Python 3.11): without one, this Python is not the project's.
NEEDED = {"reportlab", "rl_accel", "jinja2", "markupsafe", "babel", "textstat", "flask",
          "werkzeug", "waitress", "pypdfium2", "PIL", "uharfbuzz", "bidi", "pikepdf",
          "rapidfuzz", "tomllib"}


#: The exit code of a set-up problem (README: exit codes).
SETUP = 12


def _not_set_up(missing: str) -> int:
    """One screen, not a traceback: this Python is not the project's (or too old)."""
    here = Path(__file__).resolve()
    venv = here.parent / ".venv" / "bin" / "python"
    what = (f"{sys.executable} is older than Python 3.11" if missing == "tomllib" else
            f'the library "{missing}" is not installed for {sys.executable}')
    how = (f"run `{venv} {here}` and what you typed after it (the project's own Python)"
           if venv.exists() else "set the project up first with the README's first command")
    print(f"Setup error: {what}.\n  What to do: {how}.", file=sys.stderr)
    return SETUP


def _missing(exc: ModuleNotFoundError) -> str:
    """The library a ModuleNotFoundError says is not installed, or "" when it is installed
    and something else went wrong (a fault of ours, shown whole)."""
    import importlib.util

    library = (exc.name or "").split(".")[0]
    if library not in NEEDED:
        return ""
    try:
        return library if importlib.util.find_spec(library) is None else ""
    except (ImportError, ValueError):  # hidden on purpose (sys.modules[...] = None)
        return library


if __name__ == "__main__":
    try:
        from handouts.commands.cli import main  # imports no library until a command needs it

        sys.exit(main())
    except ModuleNotFoundError as exc:
        if not (library := _missing(exc)):
            raise
        sys.exit(_not_set_up(library))
