"""Loaders: one per document layout, behind one interface.

``load(path)`` reads a file, detects its layout (or takes ``format``), and
returns a validated record (``kommunegraf.records``). Loaders know formats
only: they never import the graph layer.
"""

from kommunegraf.loaders.registry import LAYOUTS, Overrides, detect_layout, load, load_text

__all__ = ["LAYOUTS", "Overrides", "detect_layout", "load", "load_text"]
