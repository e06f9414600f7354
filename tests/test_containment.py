"""One bad file costs one file: whatever reading a file raises, crashes or takes, it is that file's error line and
the other files load."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import mutations
import pytest
from conftest import EXAMPLES, FIXTURES

from kommunegraf import file_reading, pipeline
from kommunegraf.cli.build import DEFAULT_MEGABYTES_PER_WORKER, DEFAULT_SECONDS_PER_FILE
from kommunegraf.loaders import load
from kommunegraf.pipeline import build
from kommunegraf.workers import Limits

PLAIN = next(p for p in EXAMPLES.iterdir() if p.name.startswith("000_"))


def html_page(body: str, head: str = "") -> str:
    """The example minutes as an HTML page, a paragraph a line."""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in PLAIN.read_text(encoding="utf-8").splitlines() if line)
    return f"<html><head>{head}<title>Referat</title></head><body>{paragraphs}{body}</body></html>\n"


@pytest.fixture
def good_and_bad(tmp_path):
    """A folder with a good copy of the example minutes beside the file a test makes bad."""
    (tmp_path / "good.txt").write_bytes(PLAIN.read_bytes())
    return tmp_path


def reports(result) -> dict[str, object]:
    return {Path(report.path).name: report for report in result.files}


@pytest.mark.parametrize("charset", ["undefined", "punycode", "rot13", "no-such-charset", "utf-16", "utf-16le"])
def test_a_page_declaring_a_charset_that_is_no_web_encoding_is_read_by_the_text_rules(tmp_path, charset):
    page = tmp_path / "referat.html"
    page.write_text(html_page("", f'<meta charset="{charset}">'), encoding="utf-8")
    record = load(page)
    assert record.meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"


@pytest.mark.parametrize(
    ("href", "complaint"),
    [
        ("http://[::1/bilag.pdf", "is no valid URL"),
        ("javascript:alert(1)", "is a javascript: URL"),
        ("file:///etc/passwd", "is a file: URL"),
    ],
)
def test_a_link_that_is_no_web_address_is_refused_with_a_finding_and_the_page_loads(tmp_path, href, complaint):
    page = tmp_path / "referat.html"
    page.write_text(html_page(f'<p><a href="{href}">Jobcamp 2021</a></p>', '<base href="https://example.dk/">'))
    record = load(page)
    urls = [a.url for item in record.items for a in item.attachments]
    assert href not in urls and all(url is None or url.startswith("https://") for url in urls)
    (finding,) = [f for f in record.findings if f.code == "link-refused"]
    assert complaint in finding.message and finding.line is not None


def test_a_page_nested_deeper_than_libxml2s_default_limit_keeps_everything_after_the_deep_point(tmp_path):
    shallow, deep = tmp_path / "shallow.html", tmp_path / "deep.html"
    shallow.write_text(html_page(""), encoding="utf-8")
    page = html_page("")
    start = page.index("<p>")
    deep.write_text(page[:start] + "<div>" * 300 + page[start:].replace("</body>", "</div>" * 300 + "</body>"))
    assert [i.title for i in load(deep).items] == [i.title for i in load(shallow).items]
    assert len(load(deep).items) == 6  # the example's six items (Punkt 1 to 6), all after the deep point


def test_a_file_name_that_is_not_utf8_loads_and_is_reported_with_the_byte_escaped(good_and_bad):
    odd = os.fsdecode(bytes(good_and_bad) + b"/bad\xff.txt")
    Path(odd).write_bytes(PLAIN.read_bytes())
    result = build([str(good_and_bad)], jobs=1)
    assert {Path(r.path).name: r.status for r in result.files} == {"bad\\xff.txt": "ok", "good.txt": "ok"}


def test_an_error_a_library_raises_on_one_file_is_that_files_error(good_and_bad, monkeypatch):
    (good_and_bad / "broken.html").write_text(html_page(""), encoding="utf-8")
    import lxml.html

    def parser_breaks(*_args, **_kwargs):
        raise KeyError("a parser's own failure")

    monkeypatch.setattr(lxml.html, "document_fromstring", parser_breaks)
    found = reports(build([str(good_and_bad)], jobs=1))
    assert found["good.txt"].status == "ok"
    assert found["broken.html"].status == "failed" and found["broken.html"].traceback is None
    assert "could not be read (KeyError: \"a parser's own failure\")" in found["broken.html"].errors[0]


def test_a_bug_in_kommunegrafs_own_code_is_reported_as_a_bug_with_its_traceback(good_and_bad, monkeypatch):
    from kommunegraf.loaders import reader

    monkeypatch.setattr(reader, "find_municipality", lambda _text: 151)  # not the (mention, notes) pair it gives
    (report,) = [r for r in build([str(good_and_bad / "good.txt")], jobs=1).files]
    assert report.status == "failed"
    assert "internal error while reading (TypeError" in report.errors[0] and "a bug in kommunegraf" in report.errors[0]
    assert "loaders/assemble.py" in report.traceback


def crash_on_bad(real):
    def reading(path, **options):
        if Path(path).name.startswith("bad"):
            os._exit(9)  # a native library's crash: the process is gone
        return real(path, **options)

    return reading


def hang_on_bad(real):
    def reading(path, **options):
        if Path(path).name.startswith("bad"):
            time.sleep(60)
        return real(path, **options)

    return reading


@pytest.mark.parametrize(
    ("misbehaviour", "complaint"),
    [
        (crash_on_bad, "the reading process ended with exit code 9"),
        (hang_on_bad, "reading took longer than 2 s (the time limit)"),
    ],
)
def test_a_file_that_crashes_or_stalls_its_reading_process_fails_alone(good_and_bad, monkeypatch, misbehaviour,
                                                                         complaint):  # fmt: skip
    for copy in range(4):
        (good_and_bad / f"good-{copy}.txt").write_bytes(PLAIN.read_bytes())
    (good_and_bad / "bad.txt").write_bytes(PLAIN.read_bytes())
    monkeypatch.setattr(file_reading, "load", misbehaviour(file_reading.load))  # the workers are forked: they see it
    started = time.monotonic()
    result = build([str(good_and_bad)], jobs=2, limits=Limits(seconds_per_item=2))
    assert time.monotonic() - started < 30
    found = reports(result)
    assert found.pop("bad.txt").errors == [f"{good_and_bad / 'bad.txt'}: {complaint}"]
    assert {report.status for report in found.values()} == {"ok"} and len(found) == 5



def test_one_stray_byte_in_a_utf8_file_is_replaced_with_a_warning_on_its_line_not_a_cp1252_reading(tmp_path):
    data = PLAIN.read_bytes()
    line_five = data.index("Mødedato".encode())
    damaged = tmp_path / "referat.txt"
    damaged.write_bytes(data[:line_five] + b"\xff" + data[line_five:])
    record, clean_record = load(damaged), load(PLAIN)
    assert record.meeting.committee.name == clean_record.meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"
    assert [p.name for p in record.meeting.participants] == [p.name for p in clean_record.meeting.participants]
    (finding,) = [f for f in record.findings if f.code == "bytes-replaced"]
    assert finding.line == data[:line_five].count(b"\n") + 1


def test_a_cp1252_file_is_still_read_as_cp1252(tmp_path):
    legacy = tmp_path / "referat.txt"
    legacy.write_bytes(PLAIN.read_text(encoding="utf-8").encode("cp1252"))
    record = load(legacy)
    assert record.meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"
    assert not [f for f in record.findings if f.code == "bytes-replaced"]


def test_a_fifo_and_a_link_to_dev_zero_are_refused_without_waiting_and_the_others_load(good_and_bad):
    os.mkfifo(good_and_bad / "pipe.txt")
    (good_and_bad / "zero.txt").symlink_to("/dev/zero")
    found = reports(build([str(good_and_bad / "*.txt")], jobs=1, limits=Limits(seconds_per_item=20)))
    assert found["good.txt"].status == "ok"
    for name in ("pipe.txt", "zero.txt"):
        refused = f"{good_and_bad / name}: not a regular file (a device, a pipe or a socket): not read"
        assert found[name].errors == [refused]


def test_a_file_larger_than_a_document_may_be_is_refused_unread(tmp_path):
    from kommunegraf.errors import LoaderError
    from kommunegraf.loaders.files import read_document

    big = tmp_path / "big.txt"
    big.write_bytes(PLAIN.read_bytes())
    with pytest.raises(LoaderError, match=r"more than a document may have"):
        read_document(big, max_bytes=1000)


def test_a_cache_entry_that_is_not_of_the_files_bytes_is_not_used_and_the_file_is_read_again(tmp_path):
    from kommunegraf.loaders import Overrides
    from kommunegraf.record_cache import RecordCache, entry_key

    other = next(p for p in EXAMPLES.iterdir() if p.name.startswith("001_"))
    cache = RecordCache(tmp_path / "cache", None, Overrides())
    build([str(PLAIN), str(other)], cache=cache)
    # swap: the entry of one file put under the key of the other
    entry_of = {path: cache._path(entry_key(path)) for path in (PLAIN, other)}
    entry_of[PLAIN].write_bytes(entry_of[other].read_bytes())
    again = build([str(PLAIN)], cache=cache)
    meeting = next(n for n in again.graph.of_label("Meeting") if n.properties.get("status") == "minutes")
    assert meeting.properties["date"] == load(PLAIN).meeting.date.isoformat()


@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_characters_xml_forbids_in_a_documents_text_leave_graphml_and_gexf_well_formed(tmp_path, format):
    from lxml import etree
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    text = PLAIN.read_text(encoding="utf-8").replace("Punkt 1: Meddelelser", "Punkt 1: Medde\x01lelser", 1)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "referat.txt").write_text(text + "\n" + "x" * 70_000 + "\x00\n", encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert built.exit_code == 0, built.output
    assert any("\x01" in str(v) for n in load_graph(tmp_path / "out").nodes.values() for v in n.properties.values())
    exported = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", format])
    assert exported.exit_code == 0, exported.output
    tree = etree.parse(str(tmp_path / "out" / f"graph.{format}"))  # raises on a file that is not well-formed
    assert "Medde\\u0001lelser" in etree.tostring(tree, encoding="unicode")


def load_graph(folder):
    from kommunegraf.stores.nodelink import read_node_link

    return read_node_link(folder / "graph.json")


def test_a_second_build_into_a_folder_another_build_holds_is_refused_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from kommunegraf.cli import EXIT_OUTPUT, app
    from kommunegraf.stores.atomic import locked_folder

    with locked_folder(tmp_path / "out"):  # as a build running now holds it
        result = CliRunner().invoke(app, ["build", str(PLAIN), "--out", str(tmp_path / "out"), "-q"])
        assert result.exit_code == EXIT_OUTPUT
        assert "another kommunegraf command is writing here" in result.output
        assert not (tmp_path / "out" / "graph.json").exists()


def test_temporary_files_a_killed_build_left_are_removed_by_the_next(tmp_path):
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    out = tmp_path / "out"
    out.mkdir()
    (out / ".graph.json.k3j4.tmp").write_bytes(b"half a graph")
    result = CliRunner().invoke(app, ["build", str(PLAIN), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob(".*.tmp"))


def test_graph_json_and_report_json_name_the_same_build(tmp_path):
    import json

    result = build([str(PLAIN)], loaded_at="2026-01-01T00:00:00Z")
    pipeline.write_outputs(result, tmp_path)
    graph_file = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    report_file = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert graph_file["graph"]["build"] == report_file["build"] == result.build_id
    other = build([str(PLAIN), str(next(p for p in EXAMPLES.iterdir() if p.name.startswith("001_")))],
                  loaded_at="2026-01-01T00:00:00Z")  # fmt: skip
    assert other.build_id != result.build_id


def test_a_report_that_cannot_be_written_leaves_the_old_graph_and_report_as_they_were(tmp_path, monkeypatch):
    import errno
    import json

    from kommunegraf.errors import OutputError

    pipeline.write_outputs(build([str(PLAIN)], loaded_at="2026-01-01T00:00:00Z"), tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in ("graph.json", "report.json")}
    bigger = build([str(PLAIN), str(next(p for p in EXAMPLES.iterdir() if p.name.startswith("001_")))],
                   loaded_at="2026-01-01T00:00:00Z")  # fmt: skip

    def full_disk(*_args, **_kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "report.json"))

    monkeypatch.setattr(json, "dump", full_disk)  # the report is written after the graph
    with pytest.raises(OutputError, match="No space left on device"):
        pipeline.write_outputs(bigger, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_element_with_200000_attributes_costs_no_more_than_its_bytes(tmp_path):
    """libxml2 compares every attribute of an element with those before it; a tag keeps its first 64."""
    from kommunegraf.loaders import html

    attributes = " ".join(f'data-a{i}="v"' for i in range(200_000))
    page = tmp_path / "referat.html"
    page.write_text(html_page(f"<div {attributes}>\nx</div>"), encoding="utf-8")
    calls = []
    real = html._first_attributes
    html._first_attributes = lambda tag: calls.append(tag) or real(tag)
    try:
        record = load(page)
    finally:
        html._first_attributes = real
    assert len(calls) == 1 and len(record.items) == len(load(PLAIN).items)
    kept = real(calls[0])
    assert kept.count("data-a") == html.MAX_ATTRIBUTES and kept.endswith(">")


@pytest.mark.parametrize(
    ("tamper", "complaint"),
    [
        (lambda g: g["nodes"][0].update(label=123), "label 123 is not one of the schema's"),
        (lambda g: g["links"][0].update(target="https://nowhere"), "to 'https://nowhere' is not of this graph"),
        (lambda g: g["links"][0].update(type="DROP"), "link 'DROP'"),
        (lambda g: g.pop("nodes"), "'nodes'"),
    ],
)
def test_a_tampered_graph_json_is_one_line_naming_it_for_every_command(tmp_path, tamper, complaint):
    import json

    from typer.testing import CliRunner

    from kommunegraf.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["build", str(PLAIN), "--out", str(tmp_path), "-q"]).exit_code == 0
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    tamper(data)
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    for command in (["stats"], ["export", "--format", "ttl"], ["export", "--format", "graphml"]):
        result = runner.invoke(app, [*command, str(tmp_path)])
        assert result.exit_code == 2, (command, result.output)
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"error: {tmp_path / 'graph.json'}: not a kommunegraf node-link file (")
        assert complaint in line


def grab_memory_on_bad(real):
    def reading(path, **options):
        if Path(path).name.startswith("bad"):
            hoard = bytearray(3 * 2**30)  # more than the limit below allows
            return hoard
        return real(path, **options)

    return reading


def test_a_file_whose_reading_needs_more_memory_than_the_limit_fails_alone(good_and_bad, monkeypatch):
    (good_and_bad / "bad.txt").write_bytes(PLAIN.read_bytes())
    monkeypatch.setattr(file_reading, "load", grab_memory_on_bad(file_reading.load))
    found = reports(build([str(good_and_bad)], jobs=1, limits=Limits(seconds_per_item=60, memory_bytes=2 * 2**30)))
    assert found["good.txt"].status == "ok"
    assert found["bad.txt"].errors == [
        f"{good_and_bad / 'bad.txt'}: reading it needs more memory than a file may take (--memory-limit)"
    ]


def test_a_pdf_whose_streams_inflate_past_the_limit_is_refused_before_pdfium_inflates_it():
    from mutations import pdf_flate_bomb

    from kommunegraf.errors import LoaderError
    from kommunegraf.loaders.pdf_limits import check_inflated

    bomb = pdf_flate_bomb(40 * 2**20)  # 40 MB of spaces in some 40 KB
    with pytest.raises(LoaderError, match=r"inflate past 8 MB \(a decompression bomb\)"):
        check_inflated(bomb, "bomb.pdf", limit=8 * 2**20)
    check_inflated(bomb, "bomb.pdf", limit=64 * 2**20)  # within a larger limit: read as any PDF


def test_a_docx_whose_zip_header_understates_its_document_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    from mutations import deflate_bomb, zip_bomb

    from kommunegraf.errors import LoaderError
    from kommunegraf.loaders import docx, docx_package

    monkeypatch.setattr(docx_package, "MAX_PART_SIZE", 2**20)
    body = deflate_bomb(20 * 2**20, b" ", b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                        b'2006/main"><w:body>', b"</w:body></w:document>")  # fmt: skip
    data = zip_bomb([], "word/document.xml", body, stated_size=2000)
    tracemalloc.start()
    try:
        with pytest.raises(LoaderError, match=r"corrupt DOCX"):
            docx.extract_docx(data, "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20  # the 20 MB it inflates to were never held


def test_a_fujitsu_agenda_element_without_its_handling_is_a_finding_not_a_crash(tmp_path):
    folder = FIXTURES / "realworld" / "structured" / "edoc-fujitsu-middelfart-testudvalg-2017-05-02"
    source = next(folder.glob("*.xml"))
    renamed = source.read_text(encoding="utf-8").replace("edoc:HandlingItem>", "edoc:HandlingItemX>")
    (tmp_path / "agenda.xml").write_text(renamed, encoding="utf-8")
    (tmp_path / "agenda.xml.meta.json").write_text('{"municipality": "410"}', encoding="utf-8")
    (report,) = build([str(tmp_path / "agenda.xml")], jobs=1).files
    assert report.traceback is None
    assert report.status == "failed" or any(f["code"] == "item-number" for f in report.findings)


# -- inputs whose size would show a quadratic cost: each is read whole (a quadratic reading would take minutes
# at these sizes: 100 KB of blank lines took 6 minutes, a 100,000-dot leader 2 min 42 s, 40,000 short
# paragraphs 174 s), and what the minutes state around them is all still read


def minutes_with(block: bytes) -> bytes:
    """The example minutes with ``block`` between two of its lines, halfway through."""
    lines = PLAIN.read_bytes().split(b"\n")
    middle = len(lines) // 2
    return b"\n".join(lines[:middle]) + b"\n" + block + b"\n".join(lines[middle:])


def items_read(record) -> list[tuple[int, str | None]]:
    return [(item.number, item.title) for item in record.items]


SIZED = {
    "100,000 blank lines": lambda: mutations.blank_lines(100_000, "lf"),
    "100,000 blank lines ending in CRLF": lambda: mutations.blank_lines(100_000, "crlf"),
    "100,000 lines of spaces": lambda: mutations.blank_lines(100_000, "spaces"),
    "a contents line with a leader of 100,000 dots": lambda: mutations.dot_leader(100_000, "dots"),
    "a contents line with a leader of 100,000 spaced dots": lambda: mutations.dot_leader(100_000, "spaced"),
    "40,000 paragraphs of a word": lambda: mutations.short_paragraphs(40_000, "words"),
    "40,000 lines of a letter": lambda: mutations.short_paragraphs(40_000, "letters"),
}


@pytest.mark.parametrize("name", SIZED)
def test_minutes_with_text_whose_size_would_show_a_quadratic_cost_are_read_whole(tmp_path, name):
    path = tmp_path / "referat.txt"
    path.write_bytes(minutes_with(SIZED[name]()))
    assert items_read(load(path)) == items_read(load(PLAIN))


@pytest.mark.parametrize("count", [2_000, 100_000])
def test_minutes_that_open_with_pages_of_blank_lines_are_read_as_minutes(tmp_path, count):
    """A layout is told from a document's first lines that hold text, however many blank ones come first."""
    path = tmp_path / "referat.txt"
    path.write_bytes(mutations.blank_lines(count, "lf") + PLAIN.read_bytes())
    assert items_read(load(path)) == items_read(load(PLAIN))


def test_a_dated_document_that_opens_with_pages_of_blank_lines_is_read_as_one(tmp_path):
    plan = next(p for p in EXAMPLES.iterdir() if p.name.startswith("002_"))  # Beskæftigelsesplan 2021
    path = tmp_path / "plan.txt"
    path.write_bytes(mutations.blank_lines(100_000, "lf") + plan.read_bytes())
    read, original = load(path), load(plan)
    assert read.kind == original.kind == "document"
    assert (read.title, read.date) == (original.title, original.date) and read.date is not None


def test_a_pdf_of_50_mb_of_text_operators_is_one_error_within_the_default_limits(good_and_bad):
    """A page drawing "Punkt 1: Meddelelser" a million times (178 KB on disk) held 6.9 GB after two minutes."""
    operator = b"BT /F1 11 Tf 56 700 Td (Punkt 1: Meddelelser) Tj ET\n"
    (good_and_bad / "operators.pdf").write_bytes(mutations.pdf_flate_bomb(50 * 2**20, operator))
    limits = Limits(DEFAULT_SECONDS_PER_FILE, DEFAULT_MEGABYTES_PER_WORKER * 2**20)  # the CLI's defaults
    found = reports(build([str(good_and_bad)], jobs=1, limits=limits))
    assert found["good.txt"].status == "ok"
    assert found["operators.pdf"].status == "failed"
    (error,) = found["operators.pdf"].errors
    assert "no recognisable structure" in error, error  # read to its end, not stopped at a limit
