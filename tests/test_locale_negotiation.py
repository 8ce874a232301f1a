"""Which shipped locale a request means, and language names in their own script.

Runs on a locales folder made here, so it does not depend on which
languages the project ships.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import UnknownLocaleError
from handouts.i18n.locales import LocaleSettings, available_locales, negotiate

CODES = ("en", "es", "fr", "vi", "ko", "am", "zh_Hans", "zh_Hant")


@pytest.fixture(scope="module")
def locales(tmp_path_factory: pytest.TempPathFactory) -> dict[str, LocaleSettings]:
    root: Path = tmp_path_factory.mktemp("locales")
    for code in CODES:
        (root / code).mkdir()
        (root / code / "locale.toml").write_text('fonts = ["NotoSans"]\n', "utf-8")
    return available_locales(root)


@pytest.mark.parametrize("request_tag,expected", [
    ("zh-TW", "zh_Hant"), ("zh_TW", "zh_Hant"), ("zh-HK", "zh_Hant"), ("zh_CN", "zh_Hans"),
    ("zh", "zh_Hans"), ("zh-Hant", "zh_Hant"), ("es-MX", "es"), ("es_US", "es"),
    ("fr-CA", "fr"), ("ko-KR", "ko"), ("vi_VN", "vi"), ("am-ET", "am"), ("en-US", "en"),
])
def test_negotiation(locales: dict[str, LocaleSettings], request_tag: str,
                     expected: str) -> None:
    assert negotiate(request_tag, locales).code == expected


@pytest.mark.parametrize("request_tag", ["de-DE", "xx", "", "zz_Latn"])
def test_unknown_request_is_refused_naming_what_exists(locales: dict[str, LocaleSettings],
                                                       request_tag: str) -> None:
    with pytest.raises(UnknownLocaleError) as info:
        negotiate(request_tag, locales)
    assert "zh_Hant" in info.value.message and info.value.exit_code == 4


def test_source_locale_comes_first(locales: dict[str, LocaleSettings]) -> None:
    assert next(iter(locales)) == "en"


def test_language_names_in_their_own_script(locales: dict[str, LocaleSettings]) -> None:
    assert locales["es"].native_name == "español"
    assert locales["zh_Hant"].native_name == "中文（繁體）"
    assert locales["zh_Hans"].native_name == "中文（简体）"
    assert locales["am"].native_name == "አማርኛ"
    assert locales["am"].english_name == "Amharic"
    assert locales["zh_Hant"].tag == "zh-Hant"
