"""What the reader did not understand, ranked over a corpus: where the wording should grow next.

Every file's report entry lists findings (code, line, the text as printed).
Across many files the same heading the wording does not know ("Beslutning
Økonomiudvalget", "Sagens gang") recurs; ranking findings by how many files
print them tells which rule to add to ``loaders/wording`` first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kommunegraf.errors import OutputError

_DIGITS = re.compile(r"\d+")


@dataclass
class Gap:
    """One kind of finding (code and text, numbers masked), where it occurs."""

    code: str
    text: str
    count: int = 0
    files: set[str] = field(default_factory=set)
    example: str = ""  # "path:line" of the first occurrence

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "text": self.text,
            "count": self.count,
            "files": len(self.files),
            "example": self.example,
        }


def gap_key(code: str, text: str | None) -> str:
    """Findings that differ only in numbers ("Side 3", "Side 4") are one gap."""
    return _DIGITS.sub("#", " ".join((text or "").split())).casefold()


def read_reports(paths: Iterable[str | Path]) -> list[dict]:
    """The file entries of report.json files (``kommunegraf build`` writes them)."""
    entries: list[dict] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise OutputError(f"{path}: not a readable report.json: {error}") from None
        if not isinstance(data, dict) or not isinstance(data.get("files"), list):
            raise OutputError(f"{path}: not a kommunegraf report (no 'files' list)")
        entries += data["files"]
    return entries


def rank(entries: Iterable[dict], codes: set[str] | None = None) -> list[Gap]:
    """Findings grouped by code and text, most files first (then most occurrences, then text)."""
    gaps: dict[tuple[str, str], Gap] = {}
    for entry in entries:
        path = entry.get("path", "?")
        for finding in entry.get("findings") or []:
            code = finding.get("code", "?")
            if codes and code not in codes:
                continue
            key = (code, gap_key(code, finding.get("text") or finding.get("message")))
            gap = gaps.get(key)
            if gap is None:
                text = " ".join((finding.get("text") or finding.get("message") or "").split())
                line = finding.get("line")
                gap = gaps[key] = Gap(code, text, example=f"{path}:{line}" if line else path)
            gap.count += 1
            gap.files.add(path)
    return sorted(gaps.values(), key=lambda g: (-len(g.files), -g.count, g.code, g.text))
