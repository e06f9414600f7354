"""Modules a newcomer can read: one over 300 lines says why it is kept whole, in its docstring."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE_FOLDERS = ("kommunegraf", "graph", "stores", "ontology", "loaders")
LONG = 300
REASON = "Kept in one module:"


def long_modules_without_a_reason() -> list[str]:
    found = []
    for folder in PACKAGE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n")
            if lines > LONG and REASON not in (ast.get_docstring(ast.parse(text)) or ""):
                found.append(f"{path.relative_to(ROOT)}: {lines} lines")
    return found


def test_every_module_over_300_lines_says_in_its_docstring_why_it_is_kept_whole():
    assert long_modules_without_a_reason() == []


def test_the_check_finds_a_long_module_without_a_reason(tmp_path, monkeypatch):
    import test_module_size

    package = tmp_path / "graph"
    package.mkdir()
    (package / "long.py").write_text('"""One job."""\n' + "x = 1\n" * LONG, encoding="utf-8")
    reasoned = f'"""One job.\n\n{REASON} a reason.\n"""\n' + "x = 1\n" * LONG
    (package / "reasoned.py").write_text(reasoned, encoding="utf-8")
    monkeypatch.setattr(test_module_size, "ROOT", tmp_path)
    monkeypatch.setattr(test_module_size, "PACKAGE_FOLDERS", ("graph",))
    assert long_modules_without_a_reason() == [f"graph/long.py: {LONG + 1} lines"]
