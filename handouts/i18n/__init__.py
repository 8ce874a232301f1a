"""Languages: stage 2.

``locales`` (which languages a project has, negotiation), ``catalogs``
(reading a ``.po`` file as it is on disk, review status), ``messages``
(what a handout needs translated, and how much a catalog has), ``checks``
(a registry of checkers), and ``gate``: the only way to a
:class:`~handouts.i18n.gate.Translation`, which stage 3 requires.
``extract`` and ``setup`` serve the translator's commands.
"""
