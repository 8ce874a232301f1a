"""Headers every answer carries: HTML pages, PDFs, previews, JSON and errors alike.

* ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'``: no other site
  may show the page, a PDF or a preview inside a frame (clickjacking, a
  handout dressed up by someone else's page).  A policy already on the
  answer is kept and ``frame-ancestors`` added to it.
* HTML pages get the full policy below: only this server's own files.
* ``X-Content-Type-Options: nosniff``: a PDF or a PNG is never read as a page.
* ``Permissions-Policy``: no camera, microphone or location, ever.
* ``Referrer-Policy: same-origin``: another site never learns an address of
  this one; this site's own form sends its real ``Origin``, which the check
  against other sites' forms needs (guards.py).  No address here carries
  personal details.
"""

from __future__ import annotations

from flask import Response

CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
NO_FRAMES = "frame-ancestors 'none'"
PERMISSIONS = "camera=(), microphone=(), geolocation=()"


def with_no_frames(policy: str) -> str:
    """A Content-Security-Policy with ``frame-ancestors 'none'`` (replacing a laxer one)."""
    kept = [part.strip() for part in policy.split(";")
            if part.strip() and part.split()[0].lower() != "frame-ancestors"]
    return "; ".join([*kept, NO_FRAMES])


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS
    policy = headers.get("Content-Security-Policy") or (
        CSP if response.mimetype == "text/html" else "")
    headers["Content-Security-Policy"] = with_no_frames(policy)
    return response
