"""Patient handouts as branded, localized, print-ready PDFs.

The stages, in the order data flows (``pipeline.py`` runs them):
``document`` (load the handout and brand) -> ``i18n`` (locale, catalog, the
gate) -> ``document`` (build the model from the template) -> ``pdf`` (layout,
page furniture, writer).  Below them: ``errors``, ``options``, ``project`` and
``fonts`` (what the fonts can draw, asked by the gate and the layout).  After
them: ``library`` (the index), ``web`` and ``commands``.
"""

from .errors import HandoutError
from .options import DEFAULTS, Personal, RenderOptions

__version__ = "0.1.0"
__all__ = ["DEFAULTS", "HandoutError", "Personal", "RenderOptions", "__version__"]
