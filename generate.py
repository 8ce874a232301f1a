#!/usr/bin/env python3
"""Render patient handouts: `python generate.py --help`. The code lives in handouts/."""

import sys

from handouts.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
