"""Every shipped handout, in every shipped language and variant, is a tagged PDF a screen
reader can follow: parametrized over whatever ships (see tagcheck.py for the readers)."""

from __future__ import annotations

import pytest
from conftest import ROOT, render
from tagcheck import (
    is_subsequence,
    model_text,
    pdfua_findings,
    reading_letters,
    run_together,
    tree_letters,
    untagged_content,
    validator_failures,
    written_in_tree_order,
)

from handouts.document.handout import discover_handouts
from handouts.errors import IncompleteTranslationError
from handouts.i18n.locales import available_locales
from handouts.options import Personal
from handouts.pipeline import Rendered
from handouts.project import SOURCE_LOCALE, Project

PROJECT = Project(ROOT)
CASES = [(h, c) for h in sorted(discover_handouts(PROJECT.templates_dir))
         for c in available_locales(PROJECT.locales_dir)]
VARIANTS = {"normal": {}, "large": {"large_print": True}, "bilingual": {"bilingual": True},
            "draft": {"draft": True},
            "personal": {"personal": Personal(patient_name="Zebediah Quillfeather",
                                              clinician="Dr. Amara Okafor")}}


def shipped(handout: str, code: str, **kwargs: object) -> Rendered:
    try:
        return render(handout, locale=code, project_dir=ROOT, **kwargs)
    except IncompleteTranslationError:  # not ready yet: its draft must be tagged too
        return render(handout, locale=code, project_dir=ROOT, **{**kwargs, "draft": True})


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("handout,code", CASES, ids=[f"{h}-{c}" for h, c in CASES])
def test_tagged_and_read_in_order(handout: str, code: str, variant: str) -> None:
    result = shipped(handout, code, **VARIANTS[variant])
    assert untagged_content(result.pdf) == [], "content neither tagged nor an artifact"
    assert pdfua_findings(result.pdf) == []
    assert validator_failures(result.pdf) == []
    tree = tree_letters(result.pdf)
    assert run_together(result.pdf, model_text(result.document)) == [], "words apart"
    assert min(written_in_tree_order(result.pdf)) >= (0.8 if variant == "personal" else 1.0), \
        "content written in reading order (a patient's details are added to page 1 last)"
    said = reading_letters(model_text(result.document))
    if variant == "bilingual" and code != SOURCE_LOCALE:
        english = shipped(handout, SOURCE_LOCALE)
        assert is_subsequence(said, tree)
        assert is_subsequence(reading_letters(model_text(english.document, False)), tree)
    else:
        assert said in tree, "the structure tree reads the handout in order"
