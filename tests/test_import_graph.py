"""The project's import graph has no cycle, and the package stays a house a newcomer can
read: capability packages, few top-level modules (docs/architecture.md).

Every import counts, at the top of a module, inside a function, or under
``TYPE_CHECKING``: a cycle hidden in a function is still two modules that cannot be
understood (or tested) one without the other. A package's ``__init__`` re-exporting its
own modules, and a module importing its own package, are not cycles.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coordinator"
# About ten: the entry point, opening the app, a few services and small leaves.
MOST_TOP_LEVEL_MODULES = 12


def module_files(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of ``package`` (packages by their
    ``__init__``)."""
    modules: dict[str, Path] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """Every dotted name an import statement may load, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    # ``from package import module`` loads the module too.
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the project's modules it imports (anywhere in its file)."""
    modules = module_files(package)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in imported_names(module, path, node):
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                # Importing your own package (or yourself) is not an edge of the graph.
                if name and name != module and not module.startswith(name + "."):
                    edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each a
    set of modules that import each other, directly or round a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a long chain of imports cannot exhaust Python's recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_the_imports_it_must() -> None:
    """The checker is not vacuous: it finds the imports a reader can see."""
    graph = import_graph(PACKAGE)
    assert "coordinator.model" in graph["coordinator.store.repository"]
    assert "coordinator.tui.frame" in graph["coordinator.tui.app"]
    # A function-level import counts as much as one at the top.
    assert "coordinator.tui.app" in graph["coordinator.launch"]
    # A package re-exporting its own modules is not an edge back to the package.
    assert "coordinator.store" not in graph["coordinator.store.repository"]


def test_a_cycle_is_found_wherever_it_hides() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_project_modules() -> None:
    found = cycles(import_graph(PACKAGE))
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_about_ten_top_level_modules() -> None:
    """Capabilities live in packages (model/, store/, invites/, reports/, watch/, cli/,
    tui/ ...); the top level keeps only the entry point, opening the app and a few
    small services and leaves."""
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(top) <= MOST_TOP_LEVEL_MODULES, top


def test_every_package_says_what_lives_there() -> None:
    """Each package's ``__init__`` has a docstring (import-linter also needs the
    ``__init__`` to see the package at all)."""
    folders = {p.parent for p in PACKAGE.rglob("*.py")}
    missing = sorted(
        str(f.relative_to(PACKAGE)) for f in folders if not (f / "__init__.py").exists()
    )
    assert missing == []
    silent = sorted(
        str(f.relative_to(PACKAGE))
        for f in folders
        if not ast.get_docstring(ast.parse((f / "__init__.py").read_text(encoding="utf-8")))
    )
    assert silent == []
