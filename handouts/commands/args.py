"""What every command shares: an argument parser that raises, and date parsing."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import UsageError


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so errors show one way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, hint=f"run `{self.prog} --help` for the options.")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None
