"""The layering of docs/architecture.md, enforced: each layer imports only itself and below."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first. A module belongs to the layer whose package is the longest prefix of its name.
LAYERS = [
    "articles.core",
    "articles.editorial",
    "articles.media",
    "articles.knowledge",
    "articles",
    "comparisons",
    "config",
]
PACKAGES = ["articles", "comparisons", "config"]


def layer_of(module):
    """Return the index of `module`'s layer in LAYERS, or None for code outside the project."""
    found = [
        (len(layer), index)
        for index, layer in enumerate(LAYERS)
        if module == layer or module.startswith(layer + ".")
    ]
    return max(found)[1] if found else None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree, module, is_package):
    """Yield (line, imported module) for every import in `tree`, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            yield node.lineno, target
            # `from articles import views` imports the module articles.views.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def upward_imports(source, module, is_package=False):
    """Return "module:line imports other" for each import of a higher layer in `source`."""
    own = layer_of(module)
    found = []
    for line, target in imported_modules(ast.parse(source), module, is_package):
        theirs = layer_of(target)
        if theirs is not None and theirs > own:
            found.append(
                f"{module}:{line} imports {target} ({LAYERS[theirs]} is above {LAYERS[own]})"
            )
    return sorted(set(found))


def nested_imports(source, module):
    """Return imports made inside functions, except in AppConfig.ready() where Django needs them."""
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and function:
                if not (module.endswith(".apps") and function == "ready"):
                    found.append(f"{module}:{child.lineno} imports inside {function}()")
            else:
                visit(child, function)

    visit(ast.parse(source))
    return found


def project_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, module_name(path)


def test_no_layer_imports_a_higher_one():
    violations = []
    for path, module in project_modules():
        violations += upward_imports(path.read_text(), module, path.name == "__init__.py")
    assert violations == []


def test_no_function_level_imports_outside_app_ready():
    violations = []
    for path, module in project_modules():
        if "migrations" not in path.parts:
            violations += nested_imports(path.read_text(), module)
    assert violations == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("articles.editorial.workflow", "from articles.models import Article\n"),
        ("articles.knowledge.views", "from comparisons import views\n"),
        ("articles.core.search", "import articles.knowledge.models\n"),
        ("articles.views", "from comparisons.models import Comparison\n"),
        ("articles.knowledge.models", "from .. import models\n"),
    ],
)
def test_upward_import_is_reported(module, source):
    assert len(upward_imports(source, module)) >= 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("comparisons.views", "from articles.models import Article\n"),
        ("articles.views", "from articles.knowledge.models import Concept\n"),
        ("articles.knowledge.views", "from articles.core.paging import paginate\n"),
        ("config.urls", "from comparisons import urls\n"),
        ("articles.editorial.admin", "from django.contrib import admin\n"),
    ],
)
def test_downward_import_is_allowed(module, source):
    assert upward_imports(source, module) == []


def test_function_level_import_is_reported():
    source = "def f():\n    from articles.models import Article\n"

    assert nested_imports(source, "articles.editorial.history") == [
        "articles.editorial.history:2 imports inside f()"
    ]
    assert (
        nested_imports("class C:\n    def ready(self):\n        import x\n", "articles.apps") == []
    )
