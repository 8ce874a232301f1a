"""`python -m handouts` behaves like `python generate.py`."""

import sys

from .commands.cli import main

sys.exit(main())
