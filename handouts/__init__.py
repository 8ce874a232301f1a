"""Patient handouts as branded, localized, print-ready PDFs.

The stages, in the order data flows (``pipeline.py`` runs them):
``document`` (load the handout and brand) -> ``i18n`` (locale, catalog, the
gate) -> ``document`` (build the model from the template) -> ``pdf`` (fonts,
layout, page furniture, writer).  Then ``library`` (the index), ``web`` and
``commands``.
"""

from .errors import HandoutError
from .options import DEFAULTS, Personal, RenderOptions

__version__ = "0.1.0"
__all__ = ["DEFAULTS", "HandoutError", "Personal", "RenderOptions", "__version__"]
