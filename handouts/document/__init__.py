"""The document: stages 1 and 3.

``handout`` and ``brand`` load what a handout says about itself and the
organization's brand (stage 1); ``rules`` holds the template rules that
extraction and rendering share; ``build`` runs the Jinja2 template with the
gate's translations (stage 3) into XML that ``markup`` parses into the typed
``model``.
"""
