"""Names print as typed: direction marks are dropped, characters no font has are refused."""

from __future__ import annotations

import pytest

from handouts.errors import FieldError
from handouts.web.forms import parse_personal


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                                  "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_direction_marks_pasted_with_a_name_are_dropped(mark: str) -> None:
    """A mark copied from a web page would print as a visible box or reverse the name."""
    personal = parse_personal({"patient_name": f"{mark}Ana{mark} Li{mark}"})
    assert personal.patient_name == "Ana Li"


@pytest.mark.parametrize("char", ["\uffff", "\ue000", "\U0010fffd", "\u0378"])
def test_characters_no_font_prints_are_refused_naming_them(char: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_personal({"patient_name": f"Ana{char}"})
    assert f"U+{ord(char):04X}" in caught.value.message
    assert caught.value.field == "patient_name"
