"""Paragraph styles from the print-design numbers (see DEFAULTS in options.py).

Body 12-14 pt (18 pt in large print), line spacing at least 1.4 (1.5 in
large print), left aligned with a ragged right edge, bold headings, black
text on white; colour only for headings, rules and the warning box.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle


@dataclass(frozen=True)
class Palette:
    primary: Color
    accent: Color
    ink: Color = black

    @staticmethod
    def from_hex(primary: str, accent: str) -> Palette:
        return Palette(HexColor(primary), HexColor(accent))

    def tint(self, color: Color, amount: float = 0.1) -> Color:
        """A pale version of a colour, for box backgrounds."""
        r, g, b = color.rgb()
        return Color(1 - (1 - r) * amount, 1 - (1 - g) * amount, 1 - (1 - b) * amount)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    box_heading: ParagraphStyle
    small: ParagraphStyle
    field_label: ParagraphStyle
    status: ParagraphStyle
    footer: ParagraphStyle
    size: float
    leading: float
    palette: Palette


#: Full-width punctuation that must not start a line (kinsoku). ReportLab's list
#: has the ideographic comma and full stop but not these, so Chinese lines
#: began with "，" or "：".
_CANNOT_START = "\uff0c\uff1a\uff1b\uff1f\uff01\u300b\u3009\uff09\u2019\u201d\u00b7\uff05"


def enable_cjk_line_rules() -> None:
    """Teach ReportLab's CJK wrapping the full-width punctuation rules (idempotent)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one-run and many-run paragraphs use each
        missing = "".join(c for c in _CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


LARGE_PRINT_SIZE = 18.0  # the body size of large print, and its least size for any word


#: The patient's name line on later pages, as a multiple of the document line's size
#: (stamp.py sets the name at the size this gives back).
NAME_LINE = 1.375


@dataclass(frozen=True)
class FurnitureType:
    """Sizes and leadings (points) of what every page carries (pages.py)."""

    margin_x: float = 54.0  # left and right, of the body too (0.75 inch)
    header: float = 8.0  # the document line, and the patient's name under it
    header_leading: float = 10.0
    name_leading: float = 8.0 * NAME_LINE  # the name's line on later pages
    notice: float = 8.5  # the unreviewed-translation notice and the draft legend
    notice_leading: float = 11.0
    footer: float = 7.5  # organization, address, copyright, notice
    footer_leading: float = 9.4
    label: float = 9.0  # "Page N of M", bold
    label_leading: float = 11.0
    #: Large print's arrangement (large_pages.py): the page label in the logo's row, the
    #: document line over a full-width footer (at 18 pt, beside the footer the label would
    #: take a third of the width and double the footer's lines).
    stacked: bool = False


#: Large print: every word on the page at 18 pt or more, page furniture included.
LARGE_FURNITURE = FurnitureType(margin_x=36.0, header=LARGE_PRINT_SIZE, header_leading=21.0,
                                name_leading=LARGE_PRINT_SIZE * NAME_LINE, notice=LARGE_PRINT_SIZE,
                                notice_leading=21.0, footer=LARGE_PRINT_SIZE,
                                footer_leading=21.0, label=LARGE_PRINT_SIZE,
                                label_leading=21.0, stacked=True)


def furniture_type(body_size: float) -> FurnitureType:
    """The furniture's type for a body size: large print's from 18 pt."""
    return LARGE_FURNITURE if body_size >= LARGE_PRINT_SIZE else FurnitureType()


def make_styles(font: str, size: float, spacing: float, palette: Palette,
                wrap: str = "default") -> Styles:
    """All styles for one render; ``wrap="cjk"`` breaks lines between any characters."""
    word_wrap = "CJK" if wrap == "cjk" else None
    if word_wrap:
        enable_cjk_line_rules()
    leading = round(size * spacing, 2)
    base = ParagraphStyle("body", fontName=font, fontSize=size, leading=leading,
                          alignment=TA_LEFT, textColor=palette.ink, spaceAfter=size * 0.5,
                          wordWrap=word_wrap, allowWidows=0, allowOrphans=0)

    def derived(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    heading_size = round(size * 1.3, 1)
    # Large print (18 pt body) sets every word of the document at the body size or
    # more: field labels, the status banner, the fine print.
    least = size if size >= LARGE_PRINT_SIZE else 0.0
    small_size = max(8.5, round(size * 0.72, 1), least)
    return Styles(
        body=base,
        bullet=derived("bullet", spaceAfter=size * 0.15),
        title=derived("title", fontSize=size * 2, leading=size * 2.3, textColor=palette.primary,
                      spaceAfter=size * 0.2),
        subtitle=derived("subtitle", fontSize=size * 1.2, leading=size * 1.2 * spacing,
                         spaceAfter=size * 0.8),
        heading=derived("heading", fontSize=heading_size, leading=heading_size * 1.25,
                        textColor=palette.primary, spaceBefore=size * 0.7, spaceAfter=size * 0.3,
                        keepWithNext=1),
        box_heading=derived("box_heading", fontSize=heading_size, leading=heading_size * 1.25,
                            spaceAfter=size * 0.35, keepWithNext=1),
        small=derived("small", fontSize=small_size, leading=small_size * 1.4,
                      spaceAfter=small_size * 0.5),
        field_label=derived("field_label", fontSize=max(size * 0.85, least),
                            leading=max(size * 1.1, least * 1.3), spaceAfter=0),
        status=derived("status", fontSize=max(size * 0.9, least),
                       leading=max(size * 0.9, least) * 1.35, spaceAfter=0),
        footer=derived("footer", fontSize=7.5, leading=9.4, spaceAfter=0),
        size=size,
        leading=leading,
        palette=palette,
    )
