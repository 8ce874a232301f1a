"""The brand on the web page: the logo and colours from the brand file.

``/brand.css`` sets the page's colour variables from ``[colors]`` and
``/brand/logo`` serves ``organization.logo``; both are this server's own files,
so the page's Content-Security-Policy (only 'self') still holds.  A colour too
light to carry white text (or to be read on white) is darkened until it reaches
WCAG's 4.5:1, so no brand makes the page unreadable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, request

from ..document.brand import Brand
from ..errors import HandoutError
from .namefonts import NameFonts, name_fonts

bp = Blueprint("brand", __name__)
MAX_AGE = 300  # seconds: a new logo or colour shows within five minutes
READABLE = 4.5  # WCAG 2 AA contrast for body text


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(color: str) -> float:
    return 1.05 / (luminance(color) + 0.05)


def readable_on_white(color: str) -> str:
    """The colour, darkened in steps of 5% until white on it (and it on white) reads."""
    rgb = _rgb(color)
    for _ in range(40):
        if contrast_with_white(_hex(rgb)) >= READABLE:
            break
        rgb = (rgb[0] * 0.95, rgb[1] * 0.95, rgb[2] * 0.95)
    return _hex(rgb)


def stylesheet(brand: Brand) -> str:
    primary = readable_on_white(brand.primary_color)
    dark = _hex(tuple(c * 0.75 for c in _rgb(primary)))  # type: ignore[arg-type]
    accent = readable_on_white(brand.accent_color)
    return (f"/* From the brand file's [colors]: primary {brand.primary_color}, accent "
            f"{brand.accent_color} */\n:root {{ --primary: {primary}; --primary-dark: {dark}; "
            f"--accent: {accent}; }}\n")


def _brand() -> Brand:
    load: Callable[[], Brand] = current_app.extensions["handouts"].brand
    return load()


def _cached(data: bytes, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.make_conditional(request)
    return response


def _name_fonts() -> NameFonts:
    """The language names' fonts (namefonts.py); none when the font files are broken
    (then /healthz says why, and the page falls back to the desk's own fonts)."""
    try:
        return name_fonts(current_app.extensions["handouts"].project_dir)
    except (HandoutError, OSError):
        return NameFonts("", {})


@bp.get("/brand.css")
def brand_css() -> Response:
    return _cached((stylesheet(_brand()) + _name_fonts().css).encode(), "text/css")


@bp.get("/brand/names/<file>")
def name_font(file: str) -> Response:
    data = _name_fonts().files.get(file)
    if data is None:
        abort(404)
    return _cached(data, "font/ttf")


@bp.get("/brand/logo")
def brand_logo() -> Response:
    logo = _brand().logo
    if logo is None:
        abort(404)
    data = logo.read_bytes()  # a PNG or a JPEG: the brand file accepts nothing else
    return _cached(data, "image/png" if data.startswith(b"\x89PNG") else "image/jpeg")
