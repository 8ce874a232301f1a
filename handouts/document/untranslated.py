"""Stage 3's check: no template text prints without passing through translation.

A paragraph an author forgot to wrap in ``{% trans %}`` prints in English in
every language.  So the handout's English template is rendered once with a
gettext that wraps each message in sentinel characters, and with every value
the renderer passes in (brand name, address, document ID, dates, names) wrapped
in others: those are printed as they are on purpose.  The result is parsed as
the renderer parses it (``markup.py``), and any text with letters outside both
is refused, with the template line found by searching the sources for it.
Results are cached until a file the handout's text comes from changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, assert_never

from markupsafe import Markup

from ..errors import UnmarkedTextError
from ..i18n.gate import gate
from ..i18n.locales import available_locales, negotiate
from ..project import SOURCE_LOCALE, Project
from . import model
from .brand import load_brand
from .build import BuildContext, expand_template, template_context
from .handout import HandoutMeta
from .markup import parse_document

OPEN, CLOSE = "\ue000", "\ue001"  # around a message that went through gettext
KEEP, KEPT = "\ue002", "\ue003"  # around a value printed as it is, on purpose
GETTEXT = ("gettext", "_", "ngettext")
#: In a template's source, what cannot be the untranslated text: messages, comments, tags.
_MASKS = (re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.DOTALL),
          re.compile(r"\{#.*?#\}", re.DOTALL),
          re.compile(r"\{\{(?:(?!\}\}).)*?\b(?:n?gettext|_)\s*\(.*?\}\}", re.DOTALL),
          re.compile(r"<[^<>]*>"))
_ENTITIES = {"&": "(?:&|&amp;)", "<": "(?:<|&lt;)", ">": "(?:>|&gt;)", '"': '(?:"|&quot;)'}
Found = tuple[tuple[str, int | None, str], ...]  # (file relative to the project, line, text)

_cache: dict[tuple[object, ...], Found] = {}
_lock = threading.Lock()


def refuse_unmarked(meta: HandoutMeta, project_dir: Path) -> None:
    """Raise UnmarkedTextError if any of the handout's text would print untranslated."""
    found = unmarked_texts(meta, project_dir)
    if found:
        raise UnmarkedTextError(found)


def unmarked_texts(meta: HandoutMeta, project_dir: Path) -> Found:
    """Each text with letters the handout prints without translation (cached by file stamps)."""
    files = Project(project_dir).text_inputs(meta.path)
    key = (meta, project_dir, tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = _scan(meta, project_dir, files)
        with _lock:
            if len(_cache) >= 64:
                _cache.clear()
            _cache[key] = found
    return found


def _scan(meta: HandoutMeta, project_dir: Path, files: tuple[Path, ...]) -> Found:
    project = Project(project_dir)
    english = gate(negotiate(SOURCE_LOCALE, available_locales(project.locales_dir)), meta,
                   project_dir)
    ctx = BuildContext(meta, load_brand(project.brand_file), english, dt.date.today(), {})
    context = {key: _marking(value) if key in GETTEXT else _kept(value)
               for key, value in template_context(ctx).items()}
    document = parse_document(expand_template(ctx, project.templates_dir, context),
                              path=meta.path, lang=english.locale.tag)
    texts = dict.fromkeys(bare for text in _texts(document) for bare in _bare(text))
    sources = [(path, text, _masked(text)) for path in files if path.suffix != ".toml"
               for text in (path.read_text(encoding="utf-8"),)]  # the template, the layouts
    return tuple((*_locate(text, sources, project_dir), text) for text in texts)


def _kept(value: Any) -> Any:
    """A value from the renderer, its text wrapped as printed-as-is (truth values kept)."""
    if isinstance(value, str):
        if not any(c.isalpha() for c in value):
            return value
        return Markup(KEEP) + value + Markup(KEPT) if isinstance(value, Markup) \
            else f"{KEEP}{value}{KEPT}"
    if isinstance(value, dict):
        return {k: _kept(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_kept(v) for v in value)
    return value


def _marking(function: Callable[..., Any]) -> Callable[..., Markup]:
    def marked(*args: Any, **kwargs: Any) -> Markup:
        return Markup(OPEN) + function(*args, **kwargs) + Markup(CLOSE)
    return marked


def _texts(document: model.Document) -> Iterator[str]:
    """Every text the document prints, one element's runs together."""
    yield model.plain(document.title)
    yield model.plain(document.subtitle)
    for block in model.walk(document.blocks):
        match block:
            case model.Section() | model.Box():
                yield model.plain(block.heading)
            case model.Paragraph():
                yield model.plain(block.content)
            case model.BulletList() | model.Steps():
                yield from (model.plain(item) for item in block.items)
            case model.Fields():
                yield from (model.plain(field.label) for field in block.fields)
            case model.FinePrint() | model.WriteIn():
                pass  # the fine print's paragraphs come next, as blocks of their own
            case _:
                assert_never(block)
    furniture = document.furniture
    yield from (str(getattr(furniture, f.name)) for f in dataclasses.fields(furniture))


def _bare(text: str) -> Iterator[str]:
    """The stretches of ``text`` outside every sentinel pair that have letters."""
    depth, current = 0, list[str]()
    for char in text + OPEN:  # a last opening sentinel ends the last stretch
        if char in (OPEN, KEEP):
            stretch = "".join(current).strip()
            if depth == 0 and any(c.isalpha() for c in stretch):
                yield stretch
            current, depth = [], depth + 1
        elif char in (CLOSE, KEPT):
            depth = max(0, depth - 1)
        elif depth == 0:
            current.append(char)


def _masked(source: str) -> str:
    """The source with messages, comments and tags blanked (line breaks kept)."""
    for mask in _MASKS:
        source = mask.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
    return source


def _locate(text: str, sources: list[tuple[Path, str, str]],
            project_dir: Path) -> tuple[str, int | None]:
    """The file and line the text is written on: its longest opening words found, in
    the sources with their messages blanked first; else the handout's file alone."""
    words = text.split()
    for n in range(len(words), 0, -1):
        pattern = re.compile(r"\s+".join("".join(_ENTITIES.get(c, re.escape(c)) for c in word)
                                         for word in words[:n]))
        for masked in (True, False):
            for path, source, blanked in sources:
                found = pattern.search(blanked if masked else source)
                if found:
                    return _relative(path, project_dir), source.count("\n", 0, found.start()) + 1
    return _relative(sources[0][0], project_dir), None


def _relative(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
