"""Seed documents damaged in the ways real files are: the inputs of the loaders' robustness tests and fuzz script.

Lines deleted, duplicated and shuffled, the file cut short, random bytes
spliced in, part of it in another encoding, and very long lines.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "minutes"
SEED_BYTES = tuple(path.read_bytes() for path in sorted(EXAMPLES.glob("*.txt")))


@st.composite
def damaged_document(draw) -> bytes:
    lines = draw(st.sampled_from(SEED_BYTES)).split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        operation = draw(st.sampled_from(["delete", "duplicate", "shuffle", "bytes", "encoding", "long", "truncate"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        span = draw(st.integers(1, 40))
        if operation == "delete":
            del lines[at : at + span]
        elif operation == "duplicate":
            lines[at:at] = lines[at : at + span]
        elif operation == "shuffle":
            chunk = lines[at : at + span]
            lines[at : at + span] = draw(st.permutations(chunk)) if chunk else chunk
        elif operation == "bytes":
            lines.insert(at, draw(st.binary(min_size=1, max_size=200)))
        elif operation == "encoding" and lines:
            index = min(at, len(lines) - 1)
            lines[index] = lines[index].decode("utf-8", "replace").encode("cp1252", "replace")
        elif operation == "long":
            entries = b"Anne Jensen (A), " * draw(st.integers(1000, 20000))
            lines.insert(at, "Mødedeltagere ".encode() + entries)
        elif operation == "truncate":
            data = b"\n".join(lines)
            lines = data[: draw(st.integers(0, len(data)))].split(b"\n")
    return b"\n".join(lines)
