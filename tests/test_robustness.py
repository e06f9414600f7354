"""No damaged input breaks a loader: it gives a record (maybe with warnings) or a clear error naming the file."""

from __future__ import annotations

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
        assert str(error).startswith("damaged.txt")
    else:
        assert record.source.sha256
