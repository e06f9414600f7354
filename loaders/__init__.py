"""Loaders: one per document layout, behind one interface.

``load(path)`` reads a file, detects its layout (or takes ``format``), and
returns a validated record (``kommunegraf.records``). Loaders know formats
only: they never import the graph layer. The names below are imported when
first used, so reading a file's text (``loaders.files``) does not load the
reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kommunegraf.loaders.registry import LAYOUTS, Overrides, detect_layout, load, load_text

__all__ = ["LAYOUTS", "Overrides", "detect_layout", "load", "load_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kommunegraf.loaders import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
