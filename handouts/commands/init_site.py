"""`handouts init-site DIR`: copy the starter site (brand, templates, locales, fonts).

A wheel install carries no site of its own (the checkout's top-level folders
are packaged as ``handouts/starter``); this puts a copy where IT can edit it.
The copy is written beside DIR and renamed into place, so a failure leaves
nothing half-made.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import OutputError, UsageError
from ..project import HOME_VARIABLE, SITE_FOLDERS, starter_site
from .args import Parser

#: Never copied from a checkout: compiled catalogs, caches, editor litter.
IGNORED = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc", ".DS_Store", "*.pdf")


def copy_site(source: Path, dest: Path) -> None:
    """Copy the site folders of ``source`` into a new folder ``dest``, all or nothing."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"{dest} is not an empty folder; init-site will not overwrite it.",
                         hint="name a new folder, e.g. handouts init-site /srv/handouts")
    missing = [name for name in SITE_FOLDERS if not (source / name).is_dir()]
    if missing:
        raise UsageError(f"the starter site at {source} has no {', '.join(missing)}.",
                         hint="reinstall handouts; the package is incomplete")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{dest.name}.tmp-", dir=dest.parent))
    except OSError as exc:
        raise OutputError(dest, f"cannot create a folder there ({exc.strerror or exc}).") \
            from None
    try:
        for name in SITE_FOLDERS:
            shutil.copytree(source / name, staging / name, ignore=IGNORED)
        if dest.exists():
            dest.rmdir()  # empty, checked above
        staging.rename(dest)
    except OSError as exc:  # a full disk, a folder made meanwhile: nothing is left behind
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(dest, f"the copy failed ({exc.strerror or exc}); nothing was "
                                "written.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def next_steps(dest: Path) -> str:
    return (f"Created a site in {dest}. Next:\n"
            f"  1. edit {dest / 'brand' / 'brand.toml'} (name, logo, address, colours)\n"
            f"  2. export {HOME_VARIABLE}={dest}\n"
            f"  3. handouts --list\n"
            f"  4. handouts serve")


def main(argv: list[str]) -> int:
    parser = Parser(prog="generate.py init-site",
                    description="Create a site folder (brand, templates, locales, fonts) "
                                "from the starter site, for a wheel install.")
    parser.add_argument("dir", type=Path, help="new folder to create, e.g. /srv/handouts")
    args = parser.parse_args(argv)
    dest = args.dir.expanduser().absolute()
    copy_site(starter_site(), dest)
    print(next_steps(dest))
    return 0
