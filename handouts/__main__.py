"""`python -m handouts` behaves like `python generate.py`."""

import sys

from .cli import main

sys.exit(main())
