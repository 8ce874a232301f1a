"""The routes: the search page, the print form, PDFs, previews and the JSON list.

See docs/http-api.md for the contract other systems rely on.  Errors are
raised, never answered here: problems.py maps them (see ``__init__``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape

from ..document.brand import Brand, load_brand
from ..document.handout import refusal_for
from ..errors import UnknownHandoutError
from ..library import HandoutEntry, LocaleChoice
from ..options import PAPER_LABELS, Personal, RenderOptions
from ..project import SOURCE_LOCALE, Project
from . import fhir
from .cache import Blob
from .forms import (
    CHOICE_FIELDS,
    LIMITS,
    PrintChoice,
    check_query,
    date_bounds,
    parse_choice,
    parse_personal,
)
from .index import IndexCache, named_language, search, suggest
from .printing import JOB_ID, Printer, choose, send
from .problems import relative_paths
from .renderer import Renderer

bp = Blueprint("handouts", __name__)


@dataclass(frozen=True)
class AppState:
    """What the routes share; created once by create_app."""

    project_dir: Path
    index: IndexCache
    renderer: Renderer
    print_date: Callable[[], dt.date]
    printers: tuple[Printer, ...] = ()

    def brand(self) -> Brand:
        return load_brand(Project(self.project_dir).brand_file)


def state() -> AppState:
    found: AppState = current_app.extensions["handouts"]
    return found


def find_entry(ref: str) -> HandoutEntry:
    entry = state().index.find(ref)
    if entry is None:
        # a handout whose file is broken, or two that share this name or ID: say so (it
        # does not print), not "unknown"
        if (refusal := refusal_for(ref, state().index.index().broken)) is not None:
            raise refusal
        raise UnknownHandoutError(ref, [e.meta.name for e in state().index.entries()])
    g.handout = entry.meta.name  # for the access log: a known name, never what was typed
    return entry


def send_blob(blob: Blob, filename: str, *, public: bool) -> Response:
    """Inline, so it opens in the browser's PDF viewer ready to print."""
    response = Response(blob.data, mimetype=blob.media_type)
    if blob.pages:  # the preview's too: the page says how many pages will print
        response.headers["X-Pages"] = str(blob.pages)
    if blob.media_type == "application/pdf":
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if not public:
        response.cache_control.no_store = True
        return response
    # Kept, but asked about each time (a 304 costs microseconds): a copy reused for
    # minutes could print the advice a revision replaced, or yesterday's print date.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.set_etag(blob.etag)
    response.make_conditional(request)  # 304 when the client has this version
    return response


@dataclass(frozen=True)
class Unavailable:
    """A language asked for (in the address or a form) that this handout cannot print."""

    name: str  # in English: the desk reads English
    why: str


def why_unavailable(offered: LocaleChoice | None) -> str:
    """Why a language is not offered for a handout, in the desk's words."""
    status = offered.status if offered else "broken"
    if status == "unsupported-script":
        return "this version cannot print its script correctly yet"
    if status == "broken":
        return "its translation files have an error: tell IT"
    return "its translation is not finished"


def with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def pdf_filename(entry: HandoutEntry, options_locale: str, choice: PrintChoice) -> str:
    bilingual = choice.bilingual and options_locale != SOURCE_LOCALE  # English: one language
    suffix = ("-large" if choice.large_print else "") + ("-bilingual" if bilingual else "")
    return f"{entry.meta.name}-{options_locale}{suffix}.pdf"


@bp.app_template_filter("relpaths")
def relpaths(text: str) -> str:
    """A message with server paths cut to the project folder (see problems.relative_paths)."""
    project_dir = state().project_dir
    return relative_paths(text, (project_dir, project_dir.resolve()))


@bp.app_template_filter("code")
def code(text: str) -> Markup:
    """A message for IT with its `backticked` names (keys, files, commands) as code, not
    with the backticks showing; everything else escaped."""
    parts = str(escape(text)).split("`")
    if len(parts) % 2 == 0:  # a backtick without its pair: shown as it is
        return escape(text)
    return Markup("".join(f"<code>{part}</code>" if i % 2 else part
                          for i, part in enumerate(parts)))


@bp.app_template_filter("sentence")
def sentence(text: str) -> str:
    """A message with a capital first letter, unless it starts with a file's name."""
    first = text.split(" ", 1)[0]
    return text if "/" in first or "." in first else text[:1].upper() + text[1:]


@bp.app_template_filter("longdate")
def longdate(day: dt.date) -> str:
    """A date with the month in words (never 11/12/2026): "March 3, 2025"."""
    return format_date(day, format="long", locale="en_US")


@bp.get("/")
def index() -> str:
    query = request.args.get("q", "").strip()[:100]
    listing = state().index.index()
    entries = list(listing.entries)
    results = search(entries, query)
    language = named_language(entries, query) if query and not results else None
    if language is not None:  # "Spanish": the handouts ready in it, Spanish picked
        results = [e for e in entries if (c := e.locale(language.code)) and c.ready]
    suggestions = suggest(entries, query) if query and not results else []
    return render_template("index.html", query=query, results=results, suggestions=suggestions,
                           language=language, total=len(entries), broken=listing.broken,
                           brand=state().brand(), notices=listing.notices)


@bp.get("/api/handouts")
def api_handouts() -> Response:
    check_query(request.args, ("q",))
    entries = search(state().index.entries(), request.args.get("q", "")[:100])
    return jsonify([entry.as_json() for entry in entries])


@bp.route("/handouts/<ref>", methods=["GET", "POST"])
def handout_page(ref: str) -> Response:
    """The print form. POST only re-shows it with a new preview (for browsers without JS)."""
    entry = find_entry(ref)
    values = request.form if request.method == "POST" else request.args
    if request.method == "GET":
        check_query(request.args, (*CHOICE_FIELDS, "q", "printer"))
    choice = parse_choice(values)
    personal = parse_personal(values) if request.method == "POST" else Personal()
    locale = state().renderer.locale(choice.locale)
    offered = entry.locale(locale.code)
    unavailable = None
    if offered is None or not offered.ready:  # never selected: it cannot be printed
        unavailable = Unavailable(offered.english_name if offered else locale.english_name,
                                  why_unavailable(offered))
        locale = state().renderer.locale(SOURCE_LOCALE)
    choice = PrintChoice(locale.code, choice.large_print, choice.bilingual, choice.paper)
    html = render_template("handout.html", entry=entry, choice=choice, personal=personal,
                           unavailable=unavailable, printers=state().printers,
                           limits=LIMITS, dates=date_bounds(), brand=state().brand(),
                           papers=PAPER_LABELS,
                           query=request.args.get("q", "")[:100],
                           preview_url=with_query(url_for(".preview", ref=entry.meta.name),
                                                  choice.query()))
    response = Response(html, mimetype="text/html")
    if request.method == "POST":
        response.cache_control.no_store = True  # the page now shows what was typed
    return response


@bp.get("/handouts/<ref>.pdf")
def public_pdf(ref: str) -> Response:
    entry = find_entry(ref)
    check_query(request.args, CHOICE_FIELDS)
    choice = parse_choice(request.args)
    renderer = state().renderer
    options = renderer.options(entry, choice, state().print_date())
    blob = renderer.public_pdf(entry, options)
    return send_blob(blob, pdf_filename(entry, options.locale, choice), public=True)


def personal_copy(entry: HandoutEntry, choice: PrintChoice) -> tuple[RenderOptions, Blob]:
    """The patient's copy the POSTed form asks for (the PDF, the FHIR record, the printer)."""
    renderer = state().renderer
    options = renderer.options(entry, choice, state().print_date(), parse_personal(request.form))
    return options, renderer.personal_pdf(entry, options)


@bp.post("/handouts/<ref>.pdf")
def personal_pdf(ref: str) -> Response:
    entry = find_entry(ref)
    choice = parse_choice(request.form)
    subject = fhir.patient_reference(request.form.get("patient_reference", ""))
    options, blob = personal_copy(entry, choice)
    if fhir.wants_fhir():
        return fhir.record_response(blob.data, entry.meta.id, entry.meta.version,
                                    options.locale, options.print_date, subject)
    return send_blob(blob, pdf_filename(entry, options.locale, choice), public=False)


@bp.post("/handouts/<ref>/print")
def print_copy(ref: str) -> Response:
    """Render the patient's copy and send it to the chosen CUPS printer (printing.py).

    A page script asks for JSON and shows "Sent to ..." in place; without scripts the
    answer is a page with the same words and a "Next patient" link.
    """
    entry = find_entry(ref)
    printer = choose(state().printers, request.form.get("printer", "").strip())
    options, blob = personal_copy(entry, parse_choice(request.form))
    paper = options.paper or state().brand().paper
    title = f"{entry.meta.id} {entry.meta.name} {options.locale}"  # never the patient
    job = send(printer, blob.data, title, paper)
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == \
            "application/json":
        response = jsonify({"status": "sent", "printer": printer.label, "job": job,
                            "pages": blob.pages})
    else:  # a page of its own (nothing personal in its address): reloading it prints nothing
        response = Response(status=303, headers={"Location": url_for(
            ".printed", ref=entry.meta.name, printer=printer.queue, job=job, pages=blob.pages)})
    response.cache_control.no_store = True
    return response


@bp.get("/handouts/<ref>/printed")
def printed(ref: str) -> str:
    """What the page without scripts shows after Print: where it went, and Next patient."""
    entry = find_entry(ref)
    printer = choose(state().printers, request.args.get("printer", ""))
    job = request.args.get("job", "")
    pages = request.args.get("pages", "")
    return render_template("printed.html", entry=entry, printer=printer,
                           job=job if JOB_ID.match(job) else "",
                           pages=int(pages) if pages.isdigit() else 0, brand=state().brand())


@bp.get("/handouts/<ref>/preview.png")
def preview(ref: str) -> Response:
    entry = find_entry(ref)
    check_query(request.args, CHOICE_FIELDS)
    renderer = state().renderer
    options = renderer.options(entry, parse_choice(request.args), state().print_date())
    return send_blob(renderer.preview(entry, options), "", public=True)


@bp.get("/healthz")
def health() -> dict[str, Any]:
    """For IT's monitoring: the handouts can be listed; broken files are named; settings
    still to fill in (an empty phone number) are notices, which leave the status "ok"."""
    index = state().index.index()  # paths relative to the project: no server layout
    problems = [relpaths(m) for m in (*index.problems, *(e.message for e in index.broken))]
    return {"status": "degraded" if problems else "ok", "handouts": len(index.entries),
            "problems": problems, "notices": list(index.notices)}
