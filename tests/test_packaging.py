"""The package as a user installs it (not the editable checkout): every subpackage and data file is in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import EXAMPLES, ROOT


def test_a_regular_install_builds_the_examples_and_imports_every_subpackage(tmp_path):
    target, source = tmp_path / "site", tmp_path / "source"
    # built from a copy: setuptools leaves build/ in the tree it builds, which must not be the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__", "tests"))
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    folders = sorted(
        path.parent.relative_to(ROOT)
        for top in ("kommunegraf", "loaders", "graph", "stores", "ontology")
        for path in (ROOT / top).rglob("__init__.py")
    )
    modules = [str(folder).replace("/", ".") for folder in folders]
    modules = [m if m.startswith("kommunegraf") else f"kommunegraf.{m}" for m in modules]
    environment = {**os.environ, "PYTHONPATH": str(target)}
    imports = "; ".join(f"import {m}" for m in modules) + "; import kommunegraf; print(kommunegraf.__file__)"
    imported = subprocess.run(
        [sys.executable, "-c", imports], capture_output=True, text=True, cwd=tmp_path, env=environment
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip().startswith(str(target))  # the installed copy, not the checkout
    built = subprocess.run(
        [sys.executable, "-m", "kommunegraf", "build", str(EXAMPLES), "--out", str(tmp_path / "out"), "-q"],
        capture_output=True, text=True, cwd=tmp_path, env=environment,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "graph.json").stat().st_size > 0
