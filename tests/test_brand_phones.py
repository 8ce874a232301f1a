"""The brand's phone numbers: never invented, so an empty one prints a line to write on.

The fixture ships ``phone_day`` and ``phone_after_hours`` empty, as the real brand
does.  A number IT sets prints as written; an empty one prints a blank line for the
care team to write on, and ``--list``, ``/healthz`` and the web page say that no
phone number is set.  Handouts reach the numbers as ``brand.phone_day`` and
``brand.phone_after_hours`` (the ``{phone_day}`` placeholders of the handout format).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE, flat, reading_texts, render
from web_support import json_of, make_app

from handouts.commands.cli import main
from handouts.document.brand import WRITE_ON_LINE, load_brand
from handouts.errors import BrandError

NO_PHONE = "No phone number is set"
DAY, NIGHT = "(202) 000-0000", "(202) 000-0000, press 2"  # zeros: not anyone's number

#: A handout using both numbers the way the handout format's placeholders do.
PHONES_HANDOUT = """{#---
id = "TST-009"
version = "1.0"
[review]
status = "pending"
---#}
{% extends "layout/base.xml.j2" %}
{% block title %}{{ _("Phone test") }}{% endblock %}
{% block body %}
<section id="call">
  <h>{{ _("When to get help") }}</h>
  <p>{{ _("Daytime: %(phone_day)s. Nights and weekends: %(phone_after_hours)s.",
          phone_day=brand.phone_day, phone_after_hours=brand.phone_after_hours) }}</p>
</section>
{% endblock %}
"""


def set_phones(project: Path, day: str, night: str) -> None:
    brand = project / "brand" / "brand.toml"
    text = brand.read_text("utf-8")
    for key, value in (("phone_day", day), ("phone_after_hours", night)):
        assert f'{key} = ""' in text, "the fixture ships the field empty"
        text = text.replace(f'{key} = ""', f"{key} = {value!r}".replace("'", '"'))
    brand.write_text(text, "utf-8")


def phones_text(project: Path) -> str:
    (project / "templates" / "handouts" / "phones.xml.j2").write_text(PHONES_HANDOUT, "utf-8")
    return flat(" ".join(reading_texts(render("phones", locale="en", project_dir=project).pdf)))


def test_the_fixture_ships_without_numbers() -> None:
    brand = load_brand(FIXTURE / "brand" / "brand.toml")
    assert brand.phone_day_number == brand.phone_after_hours_number == ""
    assert brand.phone_day == brand.phone_after_hours == WRITE_ON_LINE == "_" * 20
    assert len(brand.notices) == 1 and brand.notices[0].startswith(NO_PHONE)


def test_a_set_number_prints_as_written(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_phones(project, DAY, NIGHT)
    assert main(["--list"]) == 0
    assert NO_PHONE not in capsys.readouterr().out
    health = json_of(make_app(project).test_client().get("/healthz"))
    assert health["status"] == "ok" and health["notices"] == []
    text = phones_text(project)
    assert f"Daytime: {DAY}. Nights and weekends: {NIGHT}." in text
    assert "_" * 6 not in text


def test_an_empty_number_prints_a_line_to_write_on(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    notice = next(line for line in out.splitlines() if NO_PHONE in line)
    assert notice.startswith("For IT: ") and "phone_day" in notice and "brand.toml" in notice
    client = make_app(project).test_client()
    health = json_of(client.get("/healthz"))
    assert health["status"] == "ok" and health["problems"] == [], "a notice is not a problem"
    assert len(health["notices"]) == 1 and health["notices"][0].startswith(NO_PHONE)
    assert str(project) not in health["notices"][0], "no server paths"
    page = client.get("/").text
    assert "For IT:" in page and NO_PHONE in page
    assert "<code>phone_day</code>" in page and "`" not in page, "names as code, no backticks"
    text = phones_text(project)
    assert f"Daytime: {WRITE_ON_LINE}. Nights and weekends: {WRITE_ON_LINE}." in text


PHONES_MD = """+++
id = "TST-010"
version = "1.0"
[review]
status = "pending"
+++

# Phone test

::: urgent
## When to get help
During the day, call {phone_day}. At night and on weekends, call
{phone_after_hours}.
:::
"""


def test_the_authoring_format_placeholders_print_the_numbers(project: Path) -> None:
    pytest.importorskip("handouts.document.authoring")
    set_phones(project, DAY, "")
    (project / "templates" / "handouts" / "phonesmd.md").write_text(PHONES_MD, "utf-8")
    pdf = render("phonesmd", locale="en", project_dir=project).pdf
    text = flat(" ".join(reading_texts(pdf)))
    assert f"During the day, call {DAY}. At night and on weekends, call {WRITE_ON_LINE}." in text


def test_one_empty_number_is_named(project: Path) -> None:
    set_phones(project, DAY, "")
    assert f"Daytime: {DAY}. Nights and weekends: {WRITE_ON_LINE}." in phones_text(project)
    (notice,) = load_brand(project / "brand" / "brand.toml").notices
    assert notice.startswith("No nights and weekends phone number is set")
    assert "phone_after_hours" in notice and "`phone_day`" not in notice


def test_the_old_phone_field_is_the_daytime_number(project: Path) -> None:
    brand = project / "brand" / "brand.toml"
    text = brand.read_text("utf-8").replace('phone_day = ""', f'phone = "{DAY}"')
    brand.write_text(text, "utf-8")
    loaded = load_brand(brand)
    assert loaded.phone_day == DAY and loaded.phone_after_hours == WRITE_ON_LINE
    assert any("rename it to `phone_day`" in n for n in loaded.notices)


@pytest.mark.parametrize("value", ["12345", '"TBD"', '"________"', '"' + "1" * 41 + '"'])
def test_a_value_that_is_not_a_number_is_refused(project: Path, value: str) -> None:
    brand = project / "brand" / "brand.toml"
    brand.write_text(brand.read_text("utf-8").replace('phone_day = ""', f"phone_day = {value}"),
                     "utf-8")
    with pytest.raises(BrandError) as caught:
        load_brand(brand)
    assert caught.value.field == "organization.phone_day"
    assert "phone_day" in str(caught.value) and '""' in str(caught.value)
