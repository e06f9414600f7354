"""The builder reads records in their JSON form (plain dicts, for speed): every key it reads is a field of the
record models, so renaming a field fails here, not at run time in a build."""

from __future__ import annotations

import ast
import inspect

from conftest import ROOT
from pydantic import BaseModel

from kommunegraf import records


def keys_read(source: str) -> set[tuple[int, str]]:
    """String keys the code subscripts (``record["meeting"]``) or gets (``attachment.get("file")``)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        key = node.slice if isinstance(node, ast.Subscript) else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            found.add((node.lineno, key.value))
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        ):  # fmt: skip
            found.add((node.lineno, node.args[0].value))
    return found


def model_fields() -> set[str]:
    fields: set[str] = set()
    for _, model in inspect.getmembers(records, inspect.isclass):
        if issubclass(model, BaseModel):
            fields |= set(model.model_fields)
    return fields


# keys of dicts that are not records: a graph node's properties, which the builder sets and reads too
NOT_RECORD_KEYS = frozenset({"status"})


def test_every_key_the_builder_reads_from_a_record_is_a_field_of_the_record_models():
    fields = model_fields()
    code = {  # the code that reads records in their JSON form
        "graph/builder.py": (ROOT / "graph" / "builder.py").read_text(encoding="utf-8"),
        "records.record_spellings": inspect.getsource(records.record_spellings),
    }
    unknown = sorted(
        f"{where}:{line} reads {key!r}"
        for where, source in code.items()
        for line, key in keys_read(source)
        if key not in fields and key not in NOT_RECORD_KEYS
    )
    assert unknown == []


def test_a_renamed_field_would_be_found():
    planted = 'def f(record):\n    return record["meeting"]["absentees"]\n'
    assert (2, "absentees") in keys_read(planted) and "absentees" not in model_fields()
