"""Patient handouts as branded, localized, print-ready PDFs.

The pipeline, one module per stage (see pipeline.py): load -> localize ->
render (model) -> layout -> write.
"""

from .errors import HandoutError
from .options import DEFAULTS, Personal, RenderOptions

__version__ = "0.1.0"
__all__ = ["DEFAULTS", "HandoutError", "Personal", "RenderOptions", "__version__"]
