"""The corpus of bad inputs (issue 12): what careless or hostile users have done, by the
place it enters.  Grow it with every bug found: one ``Case`` per input.

Each case changes a scratch copy of the fixture project (tests/fixture) and names
what must happen: ``refused`` with an exit code and words the message must say
(the file, the line or the field), or ``prints`` with text that must be on the
page.  tests/test_bad_inputs.py runs each through the command line and, for
files the web page reads, through the web app too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Mutate = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    point: str  # where it enters: catalog, po-file, template, brand, locale, fonts, cli
    name: str
    mutate: Mutate
    locale: str = "es"  # the language rendered
    exit_code: int = 0  # 0: it prints
    says: tuple[str, ...] = ()  # words the message (or, when it prints, the page) must have
    args: tuple[str, ...] = ()  # more command-line arguments
    web_language: str = ""  # when only one language breaks: the web refuses it alone (409)


def po(project: Path, domain: str = "alpha", locale: str = "es") -> Path:
    return project / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def edit(path_of: Callable[[Path], Path], old: str, new: str) -> Mutate:
    def mutate(project: Path) -> None:
        path = path_of(project)
        text = path.read_text("utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return mutate


def append_bytes(path_of: Callable[[Path], Path], data: bytes) -> Mutate:
    def mutate(project: Path) -> None:
        path = path_of(project)
        path.write_bytes(path.read_bytes() + data)
    return mutate


def replace_with_folder(path_of: Callable[[Path], Path]) -> Mutate:
    def mutate(project: Path) -> None:
        path = path_of(project)
        path.unlink()
        path.mkdir()
    return mutate


def translation(new: str, old: str = 'msgstr "Beba agua."') -> Mutate:
    return edit(po, old, new)


def template(project: Path) -> Path:
    return project / "templates" / "handouts" / "alpha.xml.j2"


def layout(project: Path) -> Path:
    return project / "templates" / "layout" / "base.xml.j2"


def brand(project: Path) -> Path:
    return project / "brand" / "brand.toml"


def locale_toml(project: Path) -> Path:
    return project / "locales" / "es" / "locale.toml"


def in_body(snippet: str) -> Mutate:
    return edit(template, "{% block body %}", "{% block body %}" + snippet)


def save_image(size: tuple[int, int], name: str = "logo.png") -> Mutate:
    def mutate(project: Path) -> None:
        from PIL import Image

        Image.new("RGB", size, "red").save(project / "brand" / name)
    return mutate


def save_bomb(project: Path) -> None:
    """A PNG of a few bytes whose header says 20000 x 20000 pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    (project / "brand" / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
        chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def own_fonts(change: Mutate) -> Mutate:
    """Replace the scratch project's link to the fixture's fonts with a copy, then change
    the copy (the fixture itself is never touched)."""
    def mutate(project: Path) -> None:
        import shutil

        fonts = project / "fonts"
        source = fonts.resolve()
        fonts.unlink()
        shutil.copytree(source, fonts)
        change(project)
    return mutate


def fonts_toml(project: Path) -> Path:
    return project / "fonts" / "fonts.toml"


def nothing(project: Path) -> None:
    """The project as it is: the case is in the arguments."""


SHARED = "locales/es/LC_MESSAGES/shared.po"
ALPHA_PO = "locales/es/LC_MESSAGES/alpha.po"
TEMPLATE = "templates/handouts/alpha.xml.j2"
PLURAL = "Plural-Forms: nplurals=2; plural=(n != 1);"

CASES: tuple[Case, ...] = (
    # --- one catalog entry ---------------------------------------------------------------
    Case("catalog", "only-spaces", translation('msgstr "   "'), exit_code=8,
         says=(ALPHA_PO, "1 untranslated"), web_language="es"),
    Case("catalog", "nul", translation('msgstr "Beba\x00 agua."'), exit_code=8,
         says=(ALPHA_PO, "U+0000"), web_language="es"),
    Case("catalog", "noncharacter", translation('msgstr "Beba \uffff agua."'), exit_code=8,
         says=(ALPHA_PO, "U+FFFF"), web_language="es"),
    Case("catalog", "private-use", translation('msgstr "Beba \ue000 agua."'), exit_code=8,
         says=(ALPHA_PO, "U+E000"), web_language="es"),
    Case("catalog", "runaway-paste", translation('msgstr "' + "agua " * 200_000 + '"'),
         exit_code=8, says=(ALPHA_PO, "1,000,000 characters"), web_language="es"),
    Case("catalog", "label-many-lines-long",
         edit(lambda p: po(p, "shared"), 'msgstr "Paciente"',
              'msgstr "' + "Paciente muy largo " * 30 + '"'), args=("--large-print",),
         exit_code=8, says=(SHARED, "limit is 108"), web_language="es"),
    Case("catalog", "lone-percent", translation('msgstr "Beba agua al 100 %."'), exit_code=8,
         says=(ALPHA_PO, "%%"), web_language="es"),
    Case("catalog", "double-percent", translation('msgstr "Beba agua al 100%%."'),
         says=("Beba agua al 100%.",)),
    Case("catalog", "unknown-tag", translation('msgstr "Beba <i>agua</i>."'), exit_code=8,
         says=(ALPHA_PO, "<i>"), web_language="es"),
    Case("catalog", "fuzzy", edit(po, 'msgid "Drink water."', '#, fuzzy\nmsgid "Drink water."'),
         exit_code=8,
         says=(ALPHA_PO, "fuzzy"), web_language="es"),
    Case("catalog", "page-label-long", edit(lambda p: po(p, "shared"),
                                            'msgstr "Página %(page)s de %(pages)s"',
                                            'msgstr "Esta es la página número %(page)s de un '
                                            'total de %(pages)s páginas en este folleto"'),
         args=("--large-print",), says=("Esta es la página número 1",)),
    Case("catalog", "urgent-item-long",
         translation('msgstr "' + "dolor fuerte en el pecho y " * 4 + 'mareo."',
                     'msgstr "Dolor en el pecho."'), args=("--large-print",),
         says=("dolor fuerte en el pecho y mareo.",)),
    Case("catalog", "angle-brackets", translation('msgstr "Beba agua <una hora> después."'),
         says=("Beba agua <una hora> después.",)),
    Case("catalog", "ampersand", translation('msgstr "Beba agua & jugo."'),
         says=("Beba agua & jugo.",)),
    Case("catalog", "accents", translation('msgstr "Beba agua: ¿sí? ñandú."'),
         says=("Beba agua: ¿sí? ñandú.",)),
    # --- a whole .po file ---------------------------------------------------------------
    Case("po-file", "broken-plural", edit(lambda p: po(p, "shared"), PLURAL,
                                          "Plural-Forms: nplurals=2; plural=(n != ;"),
         exit_code=8, says=(SHARED, "Plural-Forms"), web_language="es"),
    Case("po-file", "nplurals-not-a-number-no-language",
         edit(po, '"Language: es\\n"\n"Language-Team: Spanish (machine draft, for tests)\\n"\n'
              '"Plural-Forms: nplurals=2;',
              '"Language-Team: Spanish (machine draft, for tests)\\n"\n'
              '"Plural-Forms: nplurals=x;'),
         exit_code=8, says=(ALPHA_PO, "on 19"), web_language="es"),
    Case("po-file", "charset-placeholder", edit(po, "charset=utf-8", "charset=CHARSET"),
         exit_code=8, says=(ALPHA_PO, "CHARSET"), web_language="es"),
    Case("po-file", "declared-latin-1", edit(po, "charset=utf-8", "charset=ISO-8859-1"),
         exit_code=8, says=(ALPHA_PO, "ISO-8859-1"), web_language="es"),
    Case("po-file", "charset-on-a-second-line",
         edit(po, '"Content-Type: text/plain; charset=utf-8\\n"',
              '"Content-Type: text/plain; "\n"charset=ISO-8859-1\\n"'),
         exit_code=8, says=(ALPHA_PO, "8859-1"), web_language="es"),
    Case("po-file", "not-utf-8", append_bytes(po, b'\n#. caf\xe9\n'), exit_code=8,
         says=(ALPHA_PO, "not UTF-8"), web_language="es"),
    Case("po-file", "byte-order-mark", lambda project: po(project).write_bytes(
        b"\xef\xbb\xbf" + po(project).read_bytes()), exit_code=8,
         says=(ALPHA_PO, "byte-order mark"), web_language="es"),
    Case("po-file", "duplicate-msgid",
         append_bytes(po, b'\nmsgid "Drink water."\nmsgstr "Beba leche."\n'), exit_code=8,
         says=(ALPHA_PO, "second time"), web_language="es"),
    Case("po-file", "unterminated-string", append_bytes(po, b'\nmsgid "Oops\nmsgstr ""\n'),
         exit_code=8, says=(ALPHA_PO,), web_language="es"),
    Case("po-file", "a-folder", replace_with_folder(po), exit_code=8,
         says=(ALPHA_PO, "folder"), web_language="es"),
    Case("po-file", "five-megabytes", append_bytes(po, b"# padding\n" * 550_000), exit_code=8,
         says=(ALPHA_PO, "limit is 4 MB"), web_language="es"),
    Case("po-file", "empty-file", lambda p: po(p).write_bytes(b""), exit_code=8,
         says=("alpha",), web_language="es"),
    # --- a handout template -------------------------------------------------------------
    Case("template", "unsafe-attribute", in_body("{{ ''.__class__.__mro__ }}"), locale="en",
         exit_code=5, says=(TEMPLATE, "may not")),
    Case("template", "endless-macro",
         in_body("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}"), locale="en",
         exit_code=5, says=(TEMPLATE, "without end")),
    Case("template", "nested-loops",
         in_body("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                 "{% endfor %}"), locale="en", exit_code=5, says=(TEMPLATE, "steps")),
    Case("template", "nested-loops-over-text",
         in_body('{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{% endfor %}'
                 "{% endfor %}"), locale="en", exit_code=5, says=(TEMPLATE, "steps")),
    Case("template", "huge-string", in_body("{{ 'x' * 100000000 }}"), locale="en",
         exit_code=5, says=(TEMPLATE, "100,000,000")),
    Case("template", "huge-power", in_body("{{ 9 ** 999999 }}"), locale="en", exit_code=5,
         says=(TEMPLATE, "exponent")),
    Case("template", "division-by-zero", in_body("{{ 1/0 }}"), locale="en", exit_code=5,
         says=(TEMPLATE, "ZeroDivisionError")),
    Case("template", "text-plus-number", in_body('{{ "a" + 1 }}'), locale="en", exit_code=5,
         says=(TEMPLATE, "TypeError")),
    Case("template", "namespace-doubling",
         in_body('{% set ns = namespace(a="x") %}{% for i in range(40) %}'
                 '{% set ns.a = ns.a ~ ns.a %}{% endfor %}'), locale="en", exit_code=5,
         says=(TEMPLATE, "namespace")),
    Case("template", "set-doubling",
         in_body('{% set a = "x" * 100000 %}' + "{% set a = a ~ a %}" * 20), locale="en",
         exit_code=5, says=(TEMPLATE, "1,000,000")),
    Case("template", "macro-doubling",
         in_body('{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s|length }}{% endmacro %}'
                 '{{ d("x" * 100000, 30) }}'), locale="en", exit_code=5,
         says=(TEMPLATE, "1,000,000")),
    Case("template", "center-huge", in_body('{{ "x"|center(200000000) }}'), locale="en",
         exit_code=5, says=(TEMPLATE, "too wide")),
    Case("template", "percent-width", in_body('{{ "%200000000s" % "x" }}'), locale="en",
         exit_code=5, says=(TEMPLATE, "pads")),
    Case("template", "format-width", in_body('{{ "{:>200000000}".format(1) }}'), locale="en",
         exit_code=5, says=(TEMPLATE, "pads")),
    Case("template", "replace-growth", in_body('{{ ("x" * 10000)|replace("", "y" * 10000) }}'),
         locale="en", exit_code=5, says=(TEMPLATE, "|replace")),
    Case("template", "stacked-powers", in_body("{{ ((((9 ** 100) ** 100) ** 100) ** 100) }}"),
         locale="en", exit_code=5, says=(TEMPLATE, "power")),
    Case("template", "a-folder", replace_with_folder(template), locale="en", exit_code=5,
         says=(TEMPLATE, "folder")),
    Case("template", "not-utf-8", append_bytes(template, b"\xe9\xff"), locale="en",
         exit_code=5, says=(TEMPLATE, "UTF-8")),
    Case("template", "layout-not-utf-8", append_bytes(layout, b"{# \xe9 #}"), locale="en",
         exit_code=5, says=("UTF-8",)),
    Case("template", "placeholder-without-value",
         in_body('<p>{{ _("Due in %(year)s") }}</p>'), locale="en", exit_code=5,
         says=(TEMPLATE, "year")),
    Case("template", "heading-taller-than-a-page",
         edit(template, '<h>{{ _("How to rest") }}</h>', "<h>" + "Rest well. " * 400 + "</h>"),
         locale="en", says=("Rest well. Rest well.",)),
    Case("template", "four-hundred-write-in-lines", edit(template, '<lines n="2"/>',
                                                         '<lines n="400"/>'),
         locale="en", says=("Your notes",)),
    Case("template", "syntax-error", in_body("{% if %}"), locale="en", exit_code=5,
         says=(TEMPLATE,)),
    Case("template", "unknown-variable", in_body("{{ patient.address }}"), locale="en",
         exit_code=5, says=(TEMPLATE, "not defined")),
    # --- the brand file -----------------------------------------------------------------
    Case("brand", "not-utf-8", append_bytes(brand, b"# caf\xe9\n"), locale="en", exit_code=6,
         says=("brand.toml", "UTF-8")),
    Case("brand", "a-folder", replace_with_folder(brand), locale="en", exit_code=6,
         says=("brand.toml", "folder")),
    Case("brand", "not-toml", append_bytes(brand, b"name = \n"), locale="en", exit_code=6,
         says=("brand.toml", "TOML")),
    Case("brand", "year-as-text", edit(brand, "year = 2020", 'year = "2020"'), locale="en",
         exit_code=6, says=("brand.toml", "year")),
    Case("brand", "logo-not-an-image",
         lambda p: (p / "brand" / "logo.png").write_bytes(b"GIF89a not really"),
         locale="en", exit_code=6, says=("brand.toml", "PNG or JPEG")),
    Case("brand", "logo-outside", edit(brand, 'logo = "logo.png"', 'logo = "../../x.png"'),
         locale="en", exit_code=6, says=("brand.toml", "brand folder")),
    Case("brand", "logo-too-wide", save_image((4000, 100)), locale="en", exit_code=6,
         says=("brand.toml", "too wide")),
    Case("brand", "logo-claims-400-megapixels", save_bomb, locale="en", exit_code=6,
         says=("brand.toml", "pixels")),
    Case("brand", "logo-5-megapixels", save_image((2500, 2000)), locale="en",
         exit_code=6, says=("brand.toml", "million pixels")),
    Case("brand", "name-huge", edit(brand, 'name = "', 'name = "' + "Long Name " * 200),
         locale="en", exit_code=6, says=("brand.toml", "limit is 150")),
    Case("brand", "notice-huge", edit(brand, 'notice = """', 'notice = """' + "Do not. " * 900),
         locale="en", exit_code=6, says=("brand.toml", "notice")),
    Case("brand", "bad-colour", edit(brand, 'primary = "#204060"', 'primary = "blue"'),
         locale="en", exit_code=6, says=("brand.toml", "colors.primary")),
    # --- a language's settings ----------------------------------------------------------
    Case("locale", "review-as-text", lambda p: locale_toml(p).write_text(
        'fonts = ["NotoSans"]\nreview = "x"\n'), exit_code=8, says=("locale.toml", "review"),
         web_language="es"),
    Case("locale", "not-utf-8", append_bytes(locale_toml, b"# caf\xe9\n"), exit_code=8,
         says=("locale.toml", "UTF-8"), web_language="es"),
    Case("locale", "unknown-font", lambda p: locale_toml(p).write_text(
        'fonts = ["NoSuchFont"]\n'), exit_code=10, says=("locale.toml", "NoSuchFont"),
         web_language="es"),
    # --- the fonts --------------------------------------------------------------------------
    Case("fonts", "list-not-toml", own_fonts(append_bytes(fonts_toml, b"[NotoSans\n")),
         locale="en", exit_code=10, says=("fonts.toml",)),
    Case("fonts", "font-not-truetype", own_fonts(
        lambda p: (p / "fonts" / "NotoSans-Bold.ttf").write_bytes(b"<html>not a font</html>")),
        locale="en", exit_code=10, says=("NotoSans-Bold.ttf",)),
    Case("fonts", "font-missing", own_fonts(
        lambda p: (p / "fonts" / "NotoSans-Bold.ttf").unlink()), locale="en", exit_code=10,
        says=("NotoSans-Bold.ttf",)),
    Case("fonts", "list-a-folder", own_fonts(replace_with_folder(fonts_toml)), locale="en",
         exit_code=10, says=("fonts.toml",)),
    # --- the command line ---------------------------------------------------------------
    Case("cli", "output-is-dev-null", nothing, locale="en", exit_code=7,
         says=("/dev/null", "device"), args=("--output", "/dev/null")),
    Case("cli", "output-name-too-long", nothing, locale="en", exit_code=7,
         says=("limit",), args=("--output", "x" * 300 + ".pdf")),
    Case("cli", "output-is-a-folder", nothing, locale="en", exit_code=7, says=("folder",),
         args=("--output", "/tmp")),
    Case("cli", "unknown-language", nothing, locale="xx", exit_code=4, says=("xx",)),
    Case("cli", "bad-date", nothing, locale="en", exit_code=2, says=("2026-13-45",),
         args=("--print-date", "2026-13-45")),
)
