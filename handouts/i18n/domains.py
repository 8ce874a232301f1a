"""Stage 2: which catalog holds which text.

The translation unit is a handout in a language.  Each handout has its own
gettext domain, ``locales/<code>/LC_MESSAGES/<handout>.po``, holding that
handout's sentences only, so translating, changing or reviewing one handout
never touches another's catalog or review.  The text every handout prints (the
layout's labels and page furniture, the brand's sentences) is in one shared
domain, ``shared.po``, with a review of its own.  The English templates are
``locales/<domain>.pot``, so a Weblate component per handout has the file mask
``locales/*/LC_MESSAGES/<handout>.po`` and the template ``locales/<handout>.pot``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..document.handout import HandoutMeta, discover_handouts
from ..project import SHARED_CATALOG, Project

SHARED = SHARED_CATALOG  # the layout and brand text (document/handout.py refuses the name)


@dataclass(frozen=True)
class Domain:
    name: str  # a handout's name, or "shared"
    meta: HandoutMeta | None  # None for the shared text


def library_domains(project: Project) -> list[Domain]:
    """Every handout's domain, then the shared one."""
    handouts = discover_handouts(project.templates_dir)
    return [*(Domain(name, meta) for name, meta in handouts.items()), Domain(SHARED, None)]


def source_files(project: Project, domain: str, meta: HandoutMeta | None = None,
                 ) -> tuple[Path, ...]:
    """The files whose text a domain holds: a handout's file, or the layouts and brand."""
    if domain == SHARED:
        return (*project.layout_templates(), project.brand_file)
    assert meta is not None and meta.name == domain
    return (meta.path,)


def pot_path(project: Project, domain: str) -> Path:
    return project.locales_dir / f"{domain}.pot"
