"""Documented defaults, shared by the Python API, the command line and the web page.

``DEFAULTS`` is the one place a default value lives (WeasyPrint's pattern).
:class:`RenderOptions` is the one typed object every stage receives, so no
function grows a long list of keyword arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .project import Project, default_project_dir

DEFAULTS = MappingProxyType({
    # The locale used when none is asked for (Babel identifier).
    "locale": "en",
    # Body text size in points: the field asks for 12-14 pt.
    "body_size": 12.0,
    # Body size for large print (18 pt or more for older readers).
    "large_print_size": 18.0,
    # Line spacing as a multiple of the font size (at least 1.4; 1.5 in large print).
    "line_spacing": 1.4,
    "large_print_line_spacing": 1.5,
    # Print a larger, one-column version for readers with low vision.
    "large_print": False,
    # Print each block beside its English source, for a clinician to check.
    "bilingual": False,
    # Render an incomplete translation, marked DRAFT, instead of refusing.
    "draft": False,
    # Paper size when the brand file does not name one (a key of PAPER_SIZES).
    "paper": "letter",
    # Write the structure tree a screen reader follows (PDF/UA). Always on for
    # patients; off only for the benchmark's untagged reference.
    "tagged": True,
})

#: The one table of paper sizes: (width, height) in PostScript points.
PAPER_SIZES = MappingProxyType({
    "letter": (612.0, 792.0),  # 8.5 x 11 in
    "a4": (595.2755905511812, 841.8897637795277),  # 210 x 297 mm
    "legal": (612.0, 1008.0),  # 8.5 x 14 in
})
#: How each paper size is named to the person choosing it (same keys as PAPER_SIZES).
PAPER_LABELS = MappingProxyType({
    "letter": "Letter (8½ × 11 in)", "a4": "A4 (210 × 297 mm)", "legal": "Legal (8½ × 14 in)",
})


@dataclass(frozen=True)
class Personal:
    """Details typed at print time. Held in memory only, never written anywhere."""

    patient_name: str = ""
    clinician: str = ""
    procedure_date: dt.date | None = None
    note: str = ""

    def __repr__(self) -> str:  # never leak patient data into logs or tracebacks
        return "Personal(<redacted>)"


@dataclass(frozen=True)
class RenderOptions:
    """Everything one render needs. Built by the CLI, the web page or a test."""

    handout: str
    locale: str = str(DEFAULTS["locale"])
    print_date: dt.date = field(default_factory=dt.date.today)
    large_print: bool = bool(DEFAULTS["large_print"])
    bilingual: bool = bool(DEFAULTS["bilingual"])
    draft: bool = bool(DEFAULTS["draft"])
    tagged: bool = bool(DEFAULTS["tagged"])
    paper: str | None = None  # None: the brand file decides
    personal: Personal = field(default_factory=Personal)
    note_lines: int = 0  # room for a long note, in lines (0: the layout's two); not personal
    project_dir: Path = field(default_factory=default_project_dir)

    @property
    def project(self) -> Project:
        return Project(self.project_dir)
