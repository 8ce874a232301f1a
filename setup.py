"""Only the build step pyproject.toml cannot say: package the starter site.

Every setting lives in pyproject.toml.  This copies the checkout's top-level
site folders (brand/, templates/, locales/, fonts/) into the built package as
``handouts/starter/``, so a wheel install can run ``handouts init-site DIR``.
Compiled catalogs (*.mo), caches and PDFs are left out.  An editable install
copies nothing: the checkout is its own site.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SITE_FOLDERS = ("brand", "templates", "locales", "fonts")  # = handouts.project.SITE_FOLDERS
IGNORED = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc", ".DS_Store", "*.pdf")


class BuildWithStarter(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        starter = Path(self.build_lib) / "handouts" / "starter"
        shutil.rmtree(starter, ignore_errors=True)
        for name in SITE_FOLDERS:
            shutil.copytree(here / name, starter / name, ignore=IGNORED)


setup(cmdclass={"build_py": BuildWithStarter})
