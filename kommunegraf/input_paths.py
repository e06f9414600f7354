"""The input paths of a build: which files the given files, folders and globs name, and how a path is shown."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from kommunegraf.loaders.base import SIDECAR_SUFFIX
from kommunegraf.text import undecodable_escaped

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".pdf", ".html", ".htm", ".docx", ".xml", ".zip")


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files, folders (searched recursively for documents) and globs, deduplicated and sorted.

    A path that matches nothing is kept, so its error shows up in the report.
    """
    found: set[str] = set()
    for given in paths:
        text = str(given)
        matches = sorted(glob.glob(text, recursive=True)) if any(c in text for c in "*?[") else [text]
        if not matches:
            found.add(text)
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    name = child.name
                    if (
                        child.is_file()
                        and not name.startswith(".")
                        and name.lower().endswith(DOCUMENT_SUFFIXES)
                        and not name.endswith(SIDECAR_SUFFIX)
                    ):
                        found.add(str(child))
            else:
                found.add(match)
    return sorted(found)


def missing_inputs(paths: Iterable[str | Path]) -> list[str]:
    """The given paths that name nothing: a file or folder that does not exist, a glob that matches nothing."""
    missing = []
    for given in paths:
        text = str(given)
        if any(c in text for c in "*?["):
            if not glob.glob(text, recursive=True):
                missing.append(text)
        elif not os.path.lexists(text):
            missing.append(text)
    return missing


def display_path(path: str) -> str:
    """The path as given; an absolute path inside the working directory is made relative to it.

    Bytes of a file name that are not UTF-8 (kept by Python as lone surrogates) are written as ``\\xff``, so the
    name can be printed and stored in JSON.
    """
    path = undecodable_escaped(path)
    if not os.path.isabs(path):
        return os.path.normpath(path)
    cwd = Path.cwd()
    resolved = Path(path)
    return str(resolved.relative_to(cwd)) if resolved.is_relative_to(cwd) else path
