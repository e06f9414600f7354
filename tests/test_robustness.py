"""No damaged input breaks a loader: it gives a record (maybe with warnings) or a clear error naming the file."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from mutations import damaged_document

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.registry import document_from_file_bytes, load_document


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_document())
def test_damaged_minutes_give_a_record_or_a_clear_error(data):
    try:
        record = load_document(document_from_file_bytes(data, "damaged.txt"))
    except LoaderError as error:
        assert error.path == "damaged.txt" and error.message  # the file named, and why
    else:  # a record of these very bytes, every fact on lines the document has
        assert record.source.path == "damaged.txt" and record.source.sha256 == hashlib.sha256(data).hexdigest()
        last = record.source.line_count
        spans = [f.line for f in record.findings if f.line is not None]
        if hasattr(record, "items"):
            spans += [i.lines.end for i in record.items]
        assert all(1 <= line <= last for line in spans)
