"""The template rules that extraction and rendering must share.

``pybabel extract`` (through pyproject.toml's mapping and
``i18n/messages.py``) and the renderer (``build.py``) both read these, so the
msgids a translator sees are exactly the ones looked up at render time: a
different ``trimmed`` policy would make translations silently fall back to
English.
"""

from __future__ import annotations

from types import MappingProxyType

#: Jinja extensions and policies; pyproject.toml's Babel mapping must match them.
EXTENSIONS = ("jinja2.ext.i18n",)
TRIMMED = True  # {% trans %} blocks fold their white space
POLICIES = MappingProxyType({"ext.i18n.trimmed": TRIMMED})
#: Options for Jinja's Babel extractor, equal to the mapping in pyproject.toml.
EXTRACT_OPTIONS = MappingProxyType({
    "extensions": ",".join(EXTENSIONS), "newstyle_gettext": "true", "silent": "false",
    "trimmed": "true" if TRIMMED else "false"})
#: The only markup a message (source or translation) may carry.
INLINE_MARKUP = frozenset({"b", "br"})
