"""The commands: ``generate.py`` (render, --list), ``i18n``, ``pack`` and ``serve``."""
