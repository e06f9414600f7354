"""WordprocessingML as the DOCX modules read it: its namespace, and attribute values read as numbers.

A value Word would not write (a damaged file) reads as the default, not as an error: these values only refine
the text.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def int_value(text: str | None, default: int = 0) -> int:
    """A decimal attribute value; ``default`` for none or one that is not a number."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def hex_value(text: str | None) -> int | None:
    """A hexadecimal attribute value (``w:sym``'s ``w:char``); None for none or one that is not a number."""
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None
