"""Data flows one way: no module imports a later stage, and no imports go round in a circle.

Read from the source with ``ast`` (imports inside functions count too; those
under ``if TYPE_CHECKING:`` are types only and do not).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import handouts

PACKAGE = Path(handouts.__file__).resolve().parent

#: Each module's stage, in the order data flows; a module may import only its
#: own stage or earlier ones. README's "How it works" describes the same order.
STAGES = (
    ("handouts.errors", "handouts.options", "handouts.project", "handouts.hinting",
     "handouts.fonts"),
    ("handouts.document", "handouts.document.handout", "handouts.document.brand",
     "handouts.document.rules",
     "handouts.document.model", "handouts.document.markup"),
    ("handouts.i18n",),
    ("handouts.document.build", "handouts.document.untranslated"),
    ("handouts.pdf",),
    ("handouts.pipeline",),
    ("handouts.library", "handouts.library_cache", "handouts.library_facts"),
    ("handouts.web",),
    ("handouts.commands",),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> int:
    if module == "handouts.__main__":
        return len(STAGES)  # `python -m handouts` runs the commands
    if module == "handouts":
        return 0  # the package itself: __version__ and the public names of stage 0
    best = max(((len(prefix), rank) for rank, prefixes in enumerate(STAGES)
                for prefix in prefixes if module == prefix or module.startswith(prefix + ".")),
               default=(0, -1))
    assert best[1] >= 0, f"{module} is in no stage: add it to STAGES"
    return best[1]


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(path: Path) -> set[str]:
    """The handouts modules a file imports (resolving relative imports)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and _is_type_checking(node) for n in ast.walk(node)}
    own = module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith("handouts")}


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[module_name(p) for p in FILES])
def test_no_module_imports_a_later_stage(path: Path) -> None:
    mine = module_name(path)
    later = sorted(m for m in imports(path) if stage(m) > stage(mine))
    assert later == [], f"{mine} (stage {stage(mine)}) imports later stages: {later}"


def test_no_import_cycles() -> None:
    graph = {module_name(p): {m for m in imports(p) if m in MODULES and m != module_name(p)}
             for p in FILES}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path, node))}"
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            if not (node.startswith(target + ".") or target == "handouts"):  # a parent package
                visit(target, (*path, node))
        done.add(node)
    for module in sorted(graph):
        visit(module, ())


def test_every_module_is_in_a_stage() -> None:
    for module in MODULES:
        stage(module)
