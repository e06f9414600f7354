"""The folder layout is the architecture: data flows one way (files -> loaders -> records -> graph ->
stores/exporters), read off the imports of every module."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import sysconfig

from conftest import ROOT

# where each layer's code lives, and which layers it may import
LAYERS = {
    "loaders": ROOT / "loaders",
    "graph": ROOT / "graph",
    "stores": ROOT / "stores",
    "ontology": ROOT / "ontology",
}
FORBIDDEN = {
    "loaders": ("kommunegraf.graph", "kommunegraf.stores", "kommunegraf.pipeline", "kommunegraf.cli"),
    "graph": ("kommunegraf.stores", "kommunegraf.loaders", "kommunegraf.pipeline", "kommunegraf.cli"),
    "stores": ("kommunegraf.loaders", "kommunegraf.pipeline", "kommunegraf.cli"),
    "ontology": ("kommunegraf.stores", "kommunegraf.loaders", "kommunegraf.pipeline", "kommunegraf.cli"),
}


def imports_of(path) -> list[tuple[int, str]]:
    """Every module a file imports (at its top or inside a function), with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_no_layer_imports_a_layer_after_it():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for layer, folder in LAYERS.items()
        for path in sorted(folder.rglob("*.py"))
        for line, module in imports_of(path)
        if module.startswith(FORBIDDEN[layer])
    ]
    assert wrong == []


def test_the_layering_check_sees_an_arrow_the_wrong_way(tmp_path):
    planted = tmp_path / "builder.py"
    planted.write_text("def f():\n    from kommunegraf.stores.nodelink import write_node_link\n", encoding="utf-8")
    assert (2, "kommunegraf.stores.nodelink") in imports_of(planted)


def test_what_the_workers_run_uses_no_graph_code():
    from kommunegraf import file_reading

    worker_code = inspect.getsource(file_reading._load_task) + inspect.getsource(file_reading.PackedRecord.of)
    graph_names = {
        alias.asname or alias.name
        for line, module in imports_of(ROOT / "kommunegraf" / "pipeline.py")
        if module.startswith("kommunegraf.graph")
        for node in ast.walk(ast.parse((ROOT / "kommunegraf" / "pipeline.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == module and node.lineno == line
        for alias in node.names
    }
    assert graph_names and not {name for name in graph_names if name in worker_code}
    reading_imports = imports_of(ROOT / "kommunegraf" / "file_reading.py")
    assert not [module for _, module in reading_imports if module.startswith("kommunegraf.graph")]


def test_the_checkout_imports_as_it_is_installed_without_the_install():
    """Without site (so no editable-install finder), the repository on sys.path: kommunegraf.graph is graph/."""
    site_packages = sysconfig.get_paths()["purelib"]
    code = (
        f"import sys; sys.path[:0] = [{str(ROOT)!r}]; sys.path.append({site_packages!r}); "
        "import kommunegraf.graph, kommunegraf.loaders.structured, kommunegraf.stores.web, kommunegraf.ontology; "
        "print(kommunegraf.graph.__file__)"
    )
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(ROOT / "graph" / "__init__.py")
