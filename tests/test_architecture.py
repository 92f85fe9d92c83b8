"""The layout holds: the layers of pyproject.toml's import-linter contracts are kept, no module
takes part in an import cycle, and the README's architecture table names every domain."""

import os
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["config", "accounts", "allocations", "applications", "reporting", "benchmarks"]


def test_the_layers_are_kept():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), imports inside functions included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_takes_part_in_an_import_cycle():
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    assert _cycles(graph) == []


def test_each_app_has_one_urls_module_without_pieces_appended():
    for app in ["accounts", "allocations", "applications", "reporting"]:
        for urls in (ROOT / app).rglob("urls*.py"):
            assert urls.name == "urls.py", urls
            assert "urlpatterns +=" not in urls.read_text(), urls


def test_the_readme_names_every_domain_package():
    readme = (ROOT / "README.md").read_text()
    for app in ["accounts", "allocations", "applications", "reporting"]:
        for package in sorted(p.parent for p in (ROOT / app).glob("*/__init__.py")):
            if package.name in {"migrations", "management", "templatetags", "models"}:
                continue
            name = f"{app}/{package.name}/"
            assert re.search(re.escape(name), readme), f"README does not name {name}"
