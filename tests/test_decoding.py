"""Bad input gets a one-line error that names the file (and the line where one applies)."""

from __future__ import annotations

import pytest
from conftest import seed
from hypothesis import given, settings
from hypothesis import strategies as st

from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders import decoding, load
from kommunegraf.loaders.decoding import RawDocument

HEADER = (
    "REFERAT Erhvervs- og Beskæftigelsesudvalget d. 09-11-2021\n\nMødedato Tirsdag d. 09. november 2021 kl. 13:00\n\n"
)
ITEM = "Punkt 1: Meddelelser\n\n00.01.10-P35-13-20\n\nBeslutning\n\nTaget til efterretning\n\nBallerup Kommune\n"


def test_empty_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    with pytest.raises(LoaderError, match=r"empty\.txt: empty file"):
        load(path)


def test_binary_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\xff binary")
    with pytest.raises(LoaderError, match=r"scan\.txt: binary file"):
        load(path)


def test_cp1252_text_is_decoded_not_rejected(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes((HEADER + ITEM).encode("cp1252"))
    record = load(path)
    assert record.meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"


def test_latin1_text_is_decoded_not_rejected(tmp_path):
    path = tmp_path / "older.txt"
    path.write_bytes((HEADER + ITEM).encode("latin-1"))
    assert load(path).items[0].title == "Meddelelser"


def test_utf8_cut_inside_a_character_is_a_truncated_file_with_its_line(tmp_path):
    path = tmp_path / "cut.txt"
    data = (HEADER + ITEM + "Beslutningen træffes af\n\nØ").encode("utf-8")
    path.write_bytes(data[:-1])
    with pytest.raises(LoaderError, match=r"cut\.txt:16: truncated file") as caught:
        load(path)
    assert caught.value.line == 16


def test_a_header_without_items_loads_the_meeting_and_says_the_items_are_missing(tmp_path):
    path = tmp_path / "header_only.txt"
    path.write_text(
        HEADER + "Mødested Mødecenter C, Lokale 29 på Ballerup Rådhus\n\nIndholdsfortegnelse\n\nMeddelelser.....\t3\n"
    )
    record = load(path)
    assert (record.meeting.committee.name, record.items) == ("Erhvervs- og Beskæftigelsesudvalget", [])
    assert {f.code for f in record.findings} >= {"no-items", "truncated"}


def test_minutes_cut_short_load_with_a_warning_from_the_table_of_contents(tmp_path):
    path = tmp_path / "short.txt"
    contents = "Indholdsfortegnelse\n\nMeddelelser.....\t3\nBeskæftigelsesplan 2022.....\t12\n\n"
    path.write_text(HEADER + contents + ITEM)
    record = load(path)
    assert len(record.items) == 1
    assert any("table of contents lists 2 items" in w for w in record.warnings)


def test_text_without_recognisable_structure_is_an_error(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Kære borger,\n\nTak for din henvendelse om parkering.\n\nMed venlig hilsen\n")
    with pytest.raises(UnsupportedDocumentError, match=r"letter\.txt: no recognisable structure"):
        load(path)


def test_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(LoaderError, match=r"nowhere\.txt: cannot read file"):
        load(tmp_path / "nowhere.txt")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab \n", max_size=200), piece=st.integers(min_value=1, max_value=50))
def test_lines_read_a_piece_at_a_time_are_the_lines_of_the_whole_text(text, piece):
    document = RawDocument(path="<text>", sha256="", text=text, encoding="utf-8")
    assert list(document.iter_lines(piece)) == text.split("\n")


def lines_up_to_the_nth_that_holds_text(text: str, count: int) -> list[str]:
    lines = text.split("\n")
    holding = [index for index, line in enumerate(lines) if line.strip(" \t\r")]
    return lines[: holding[count - 1] + 1] if len(holding) >= count else lines


@given(text=st.text(alphabet="ab \t\r\n", max_size=100), count=st.integers(min_value=1, max_value=30))
def test_the_head_is_the_lines_up_to_the_nth_that_holds_text(text, count):
    """Blank lines are in the head (a line's place is its number) but not counted: a document may open with
    pages of nothing."""
    document = RawDocument(path="<text>", sha256="", text=text, encoding="utf-8")
    assert document.head(count) == lines_up_to_the_nth_that_holds_text(text, count)


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_minutes_read_in_small_pieces_give_the_same_record(prefix, monkeypatch):
    whole = load(seed(prefix))
    monkeypatch.setattr(decoding, "LINES_PIECE", 97)
    assert load(seed(prefix)) == whole


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_its_byte_order_mark_is_read_as_the_same_minutes(tmp_path, encoding):
    """Notepad's and Word's "Unicode" text: UTF-16 after its byte-order mark, where every other byte is a NUL."""
    path = tmp_path / "referat.txt"
    path.write_bytes("\ufeff".encode(encoding) + (HEADER + ITEM).encode(encoding))
    as_utf8 = tmp_path / "referat-utf8.txt"
    as_utf8.write_text(HEADER + ITEM, encoding="utf-8")
    record = load(path)
    assert record.meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"
    assert record.model_dump(exclude={"source"}) == load(as_utf8).model_dump(exclude={"source"})


def test_utf16_text_cut_in_the_middle_of_a_character_is_an_error_naming_its_line(tmp_path):
    path = tmp_path / "referat.txt"
    path.write_bytes("\ufeff".encode("utf-16-le") + (HEADER + ITEM).encode("utf-16-le")[:-1])
    last_line = (HEADER + ITEM).rstrip("\n").count("\n") + 1  # the cut is in its line break
    with pytest.raises(LoaderError, match=r"referat\.txt.*not UTF-16 throughout") as raised:
        load(path)
    assert raised.value.line == last_line
