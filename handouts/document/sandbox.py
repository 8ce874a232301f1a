"""The Jinja sandbox handouts run in, with limits: a template can never hang a render.

Jinja's own sandbox stops a template reaching Python's internals; it does not
stop one from running for hours (``{% for i in range(100000) %}`` twice
nested) or filling memory (``{{ "x" * 100000000 }}``).  Here each render gets
a budget of loop steps (every ``for``, whatever it loops over); texts and lists
made by repetition, joining, padding or a call are capped; where the render
runs on a process's main thread (the command line, a render worker) a
wall-clock limit stops anything else, and such processes have an address-space
limit (:func:`limit_memory`).  Exceeding one is the author's mistake:
:class:`TemplateLimitError` is turned into a ContentError naming the file and
line (build.py).
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from types import FrameType
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

#: Bump when the rules change: compiled templates are cached under this name (build.py).
SANDBOX_RULES = "limits4"
#: Loop steps (every for loop's, whatever it loops over) one render may take: a handout
#: needs a few dozen.
STEP_BUDGET = 100_000
#: Longest text or list a template may make by repetition ("-" * 40 is fine).
MAX_REPEAT = 100_000
#: Largest exponent of ** (2 ** 10000 is a 3,000-digit number).
MAX_EXPONENT = 100
#: Longest text or list a template may make or pass in one piece (a handout is ~50,000).
MAX_TEXT = 1_000_000
#: Seconds one template expansion may take before it is stopped.
TIME_LIMIT = 20

_steps: ContextVar[list[int]] = ContextVar("handout_template_steps")


class TemplateLimitError(Exception):
    """A template went over a limit; the message says which."""


#: The name every for loop's iterable is wrapped in (see HandoutSandbox._generate).
COUNTED = "handout_counted_loop"


def _counted(items: Any) -> Iterator[Any]:
    steps = _steps.get([STEP_BUDGET])
    for value in items:
        steps[0] -= 1
        if steps[0] < 0:
            raise TemplateLimitError(f"the template's loops ran more than {STEP_BUDGET:,} "
                                     "steps; a handout needs a few dozen (is a loop nested by "
                                     "mistake?)")
        yield value


class _SizedConcat(CodeGenerator):
    """Compiles ``a ~ b`` so its result passes HandoutSandbox.sized: joining a text to itself
    statement after statement would otherwise double it unchecked."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja)
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")



class HandoutSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with repetition, powers, padding and long texts capped, every for
    loop on a budget, and no ``namespace`` (with it a loop could double a text each step)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _SizedConcat

    @staticmethod
    def sized(value: Any) -> Any:
        return _checked_size(value)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals[COUNTED] = _counted
        for name in ("lipsum", "namespace"):  # neither has a place in a handout
            self.globals.pop(name, None)
        for name in WIDTH_FILTERS:
            self.filters[name] = _width_checked(self.filters[name], name)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, (int, float)) and \
                isinstance(right, (int, float)) and (
                abs(right) > MAX_EXPONENT or abs(left) > 1e12 and abs(right) > 1):
            raise TemplateLimitError(f"{left!r} ** {right!r} is too large a power (the "
                                     f"exponent's limit is {MAX_EXPONENT})")
        if operator == "*":
            for thing, times in ((left, right), (right, left)):
                if isinstance(thing, (str, list, tuple)) and isinstance(times, int) \
                        and len(thing) * times > MAX_REPEAT:
                    raise TemplateLimitError(f"repeating a text or list {times:,} times makes "
                                             f"{len(thing) * times:,} items; the limit is "
                                             f"{MAX_REPEAT:,}")
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        return _checked_size(super().call_binop(context, operator, left, right))

    def _generate(self, source: Any, *args: Any, **kwargs: Any) -> str:
        """Every for loop's iterable wrapped in COUNTED before the code is made, so each
        step counts against the budget, whatever it loops over (a text, a list)."""
        if isinstance(source, nodes.Template):
            for loop in source.find_all(nodes.For):
                loop.iter = nodes.Call(nodes.Name(COUNTED, "load"), [loop.iter], [], None,
                                       None, lineno=loop.lineno)
        generated: str = super()._generate(source, *args, **kwargs)
        return generated

    def call(__self, __context: Any, __obj: Any, *args: Any,  # noqa: N805 (Jinja's names)
             **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _checked_size(value)
        return _checked_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped


#: Filters whose argument is a width (or a count) that makes text: checked before they run.
WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "replace", "join", "format")
#: A width or padding in a format ("%200000000s", "{:>99999}") of 5 digits or more.
_BIG_WIDTH = re.compile(r"%[-+ #0]*\d{5,}|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


def _check_format(text: str) -> None:
    if _BIG_WIDTH.search(text):
        raise TemplateLimitError("a format pads text to 10,000 characters or more; a handout "
                                 "needs no such width")


def _checked_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise TemplateLimitError(f"the template makes a text or list of {len(value):,} "
                                 f"items; the limit is {MAX_TEXT:,}")
    return value


def _width_checked(function: Any, name: str) -> Any:
    """A filter that refuses a width past MAX_REPEAT and a result past MAX_TEXT."""
    def checked(*args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args[1:], *kwargs.values())
                   if isinstance(a, int) and not isinstance(a, bool)]
        if any(abs(n) > MAX_REPEAT for n in numbers):
            raise TemplateLimitError(f"|{name}({max(numbers):,}) is too wide; the limit is "
                                     f"{MAX_REPEAT:,}")
        texts = [a for a in args if isinstance(a, str)]
        if name == "replace" and len(texts) >= 3:  # text, old, new: the result's length first
            text, old, new = texts[-3:]
            grows = (text.count(old) if old else len(text) + 1) * len(new)
            if len(text) + grows > MAX_TEXT:
                raise TemplateLimitError(f"|replace would make {len(text) + grows:,} "
                                         f"characters; the limit is {MAX_TEXT:,}")
        if name == "format" and texts:
            _check_format(texts[0])
        return _checked_size(function(*args, **kwargs))

    if hasattr(function, "jinja_pass_arg"):  # Jinja passes the eval context by this mark
        checked.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


#: Address space a rendering process may take: a template that still builds a runaway
#: text (joining it to itself statement after statement) meets MemoryError, a message,
#: instead of the machine's out-of-memory killer. A render takes about 1 GB of it.
MEMORY_LIMIT = 8 * 1024 ** 3


def limit_memory() -> None:
    """Cap this process's address space at MEMORY_LIMIT (never raising a lower cap); for
    processes that only render: the command line and render workers."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


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
