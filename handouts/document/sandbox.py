"""The Jinja sandbox handouts run in, with limits: a template can never hang a render.

Jinja's own sandbox stops a template reaching Python's internals; it does not
stop one from running for hours (``{% for i in range(100000) %}`` twice
nested) or filling memory (``{{ "x" * 100000000 }}``).  Here each render gets
a budget of loop steps, string and list repetition is capped, and, where the
render runs on a process's main thread (the command line, a render worker),
a wall-clock limit stops anything else.  Exceeding one is the author's
mistake: :class:`TemplateLimitError` is turned into a ContentError naming the file
and line (build.py).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from types import FrameType
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

#: Bump when the rules change: compiled templates are cached under this name (build.py).
SANDBOX_RULES = "limits1"
#: Loop steps (range items) one render may take: a handout needs a few dozen.
STEP_BUDGET = 100_000
#: Longest text or list a template may make by repetition ("-" * 40 is fine).
MAX_REPEAT = 100_000
#: Largest exponent of ** (2 ** 10000 is a 3,000-digit number).
MAX_EXPONENT = 100
#: Seconds one template expansion may take before it is stopped.
TIME_LIMIT = 20

_steps: ContextVar[list[int]] = ContextVar("handout_template_steps")


class TemplateLimitError(Exception):
    """A template went over a limit; the message says which."""


def _budgeted_range(*args: int) -> Iterator[int]:
    steps = _steps.get([STEP_BUDGET])
    for value in range(*args):
        steps[0] -= 1
        if steps[0] < 0:
            raise TemplateLimitError(f"the template's loops ran more than {STEP_BUDGET:,} steps; a "
                            "handout needs a few dozen (is a loop nested by mistake?)")
        yield value


class HandoutSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with repetition and powers capped and ``range`` on a budget."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _budgeted_range
        self.globals.pop("lipsum", None)  # placeholder text has no place in a handout

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise TemplateLimitError(f"{right!r} is too large an exponent (the limit is "
                                     f"{MAX_EXPONENT})")
        if operator == "*":
            for thing, times in ((left, right), (right, left)):
                if isinstance(thing, (str, list, tuple)) and isinstance(times, int) \
                        and len(thing) * times > MAX_REPEAT:
                    raise TemplateLimitError(f"repeating a text or list {times:,} times makes "
                                    f"{len(thing) * times:,} items; the limit is "
                                    f"{MAX_REPEAT:,}")
        return super().call_binop(context, operator, left, right)


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """A fresh step budget for one render, and the time limit where signals work."""
    token = _steps.set([STEP_BUDGET])
    timed = threading.current_thread() is threading.main_thread() and \
        signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never override another's timer

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TemplateLimitError(f"the template took more than {TIME_LIMIT} seconds to expand")

    previous = signal.signal(signal.SIGALRM, stop) if timed else None
    if timed:
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _steps.reset(token)
