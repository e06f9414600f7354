"""The case number a "Sagsnr.:" label gives, in one of the schemes the wording knows."""

from __future__ import annotations

from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean


def case_number(text: str) -> str | None:
    """The case number a "Sagsnr.:" label gives: the first that has a known scheme ("X Dok.nr.: Y" gives X)."""
    text = clean(text)
    best: tuple[int, str] | None = None
    for compiled in vocabulary().of("case_scheme"):
        assert compiled.regex is not None
        match = compiled.regex.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match["number"])
    return best[1] if best else None
