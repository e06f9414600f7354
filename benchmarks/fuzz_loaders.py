"""Feed real builds damaged and hostile files among good ones, and check that one bad file costs one file (issue 21).

Cases are made from good documents (the example minutes printed to PDF and
HTML as the tests print them, tests/fixtures/realworld's pages, PDFs, HTML,
DOCX and XML exports) by the classes in ``CLASSES``: byte flips in PDF page
streams, bad MediaBoxes, damaged page trees, truncation, HTML charset
oddities, bad links under a <base>, huge attribute counts, deep nesting,
XML exports with broken or renamed elements, control characters and
entities, text whose size would show a quadratic cost (blank lines, dot
leaders, short paragraphs), stray bytes in UTF-8, NUL bytes, odd file names,
bad sidecars, FIFOs and devices, ZIP and DOCX decompression bombs, and random
byte damage of every format.

Cases go many to a build, with good files mixed in, through the real CLI
(``kommunegraf build in --out out -j JOBS --time-limit T --memory-limit M``,
its entry point run with ``file_reading.load_file`` wrapped to log each file's
seconds and peak memory). Each build is checked:

- it ends by itself with exit code 0 or 1 (0 only when every file loaded), no
  traceback, and a report.json with one entry per input; otherwise it is a
  whole-build failure, and its cases are built again in halves until the
  cases that fail it alone are found;
- every good file (and every case that is a good document in disguise: an odd
  name, a charset the web ignores, a stray byte) loads, with its seed's counts
  where the damage cannot change them (for stray bytes: the counts of its
  twin, the same text with U+FFFD where the bytes were, read in the same build);
- every failed file has exactly one error in the report, naming it (or its
  sidecar), and exactly one ``error:`` line on stderr; a loaded file none;
- no file passes its limits (the time limit, the memory limit, a crash of its
  reading process) and none is an internal error (a bug in kommunegraf);
- nothing else reaches the terminal (no stray lines, no raw control
  characters), and graph.json holds neither /etc/passwd nor a link that is
  not a web address.

Every defect is listed with its case kept in WORK/defects/ and the command
that shows it. Exit code 0 when there is none.

    python benchmarks/fuzz_loaders.py --cases 10000 --seed 1 --jobs 2
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))
import mutations as damage  # noqa: E402  (tests/ is not a package)

EXAMPLES = ROOT / "examples" / "minutes"
REALWORLD = TESTS / "fixtures" / "realworld"
STRUCTURED = REALWORLD / "structured"
SIDECAR = ".meta.json"

# Every case is a few MB on disk at most, which a reader whose steps are all linear and whose decompression is
# bounded reads far within these limits: a case past them costs what its size does not justify.
DEFAULT_TIME_LIMIT = 10.0  # seconds per file (the builds' --time-limit)
DEFAULT_MEMORY_LIMIT = 2048  # MB of address space per reading process (--memory-limit; the CLI's default is 4096)
COMPARED_COUNTS = ("items", "participants", "absent", "decisions", "cases")
SAVED_PER_DEFECT = 3  # cases kept on disk per class and kind of defect


# --- seeds -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A good document to damage: its bytes, kind, file suffix and the sidecar it needs (if any)."""

    name: str
    format: str  # text, pdf, html, xml, docx, zip
    data: bytes
    suffix: str
    sidecar: bytes | None = None


def _realworld(path: Path, format: str, name: str, sidecar: bytes | None = None) -> Seed:
    beside = Path(f"{path}{SIDECAR}")
    if sidecar is None and beside.is_file():
        sidecar = beside.read_bytes()
    return Seed(name, format, path.read_bytes(), path.suffix.lower() or ".txt", sidecar)


def _docx_of_text(text: str) -> bytes:
    """A minimal Word document of ``text``, a paragraph a line."""
    from xml.sax.saxutils import escape

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>" for line in
                         text.splitlines())  # fmt: skip
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{namespace}"><w:body>{paragraphs}'
    document += "</w:body></w:document>"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    return damage.zip_of([("[Content_Types].xml", types.encode()), ("word/document.xml", document.encode())])


@functools.cache
def seeds() -> dict[str, list[Seed]]:
    """The good documents, by format."""
    from makehtml import make_html
    from makepdf import make_pdf

    examples = sorted(EXAMPLES.glob("*.txt"))
    found: dict[str, list[Seed]] = collections.defaultdict(list)
    for path in examples:
        prefix, text = path.name[:3], path.read_text(encoding="utf-8")
        printed, markdown = prefix in ("002", "003"), prefix == "004"  # as tests/conftest.py prints them
        found["text"].append(Seed(f"ex{prefix}", "text", path.read_bytes(), ".txt"))
        pdf = make_pdf(text, header="Ballerup Kommune · Referat", markdown=markdown, rewrap=not printed,
                       two_column_pages=frozenset() if printed else frozenset({2}))  # fmt: skip
        found["pdf"].append(Seed(f"ex{prefix}", "pdf", pdf, ".pdf"))
        html = make_html(text, site="Ballerup Kommune", markdown=markdown).encode()
        found["html"].append(Seed(f"ex{prefix}", "html", html, ".html"))
    found["docx"].append(Seed("ex000", "docx", _docx_of_text(examples[0].read_text(encoding="utf-8")), ".docx"))
    for path in sorted((REALWORLD / "pages").glob("*.txt")):
        found["text"].append(_realworld(path, "text", path.stem))
    documents = REALWORLD / "documents"
    for path in sorted(documents.iterdir()):
        kind = {".pdf": "pdf", ".html": "html", ".docx": "docx"}.get(path.suffix)
        if kind:
            found[kind].append(_realworld(path, kind, path.stem))
    found["pdf"].append(_realworld(STRUCTURED / "publication-xml-ballerup-kb-2013" / "enclosure-1.pdf", "pdf", "enc1"))
    exports = [
        ("edoc-ballerup-sfu-2012-12-04/eDocAgendaPublishing.xml", "edoc", None),
        ("publication-xml-ballerup-kb-2013/Publication32.xml", "pub32", None),
        ("publication-xml-regionh-fu-2012-09-25/Publication553.xml", "pub553", None),
        ("publication-xml-aarhus-2016-10-06/publication.xml", "pubaarhus", b'{"municipality": "751"}'),
        ("acadre-syddjurs-puk-2013-06-20/3687981.XML", "acadre", None),
        ("edoc-fujitsu-middelfart-testudvalg-2017-05-02/41a93779-8b2a-414b-9f87-691e24f8f40a.xml", "fujitsu",
         b'{"municipality": "410"}'),
    ]  # fmt: skip
    for relative, name, sidecar in exports:
        found["xml"].append(_realworld(STRUCTURED / relative, "xml", name, sidecar))
    found["xml"].append(_realworld(TESTS / "fixtures" / "structured" / "sbsys-dagsorden.xml", "xml", "sbsys"))
    publication = STRUCTURED / "publication-xml-ballerup-kb-2013"
    archive = damage.zip_of([(p.name, p.read_bytes()) for p in sorted(publication.iterdir()) if
                             not p.name.endswith(SIDECAR)])  # fmt: skip
    sidecar = (publication / f"Publication32.xml{SIDECAR}").read_bytes()
    found["zip"].append(Seed("pub32", "zip", archive, ".zip", sidecar))
    return dict(found)


def all_seeds() -> list[Seed]:
    return [seed for group in seeds().values() for seed in group]


# --- cases -----------------------------------------------------------------------------------------------------


@dataclass
class Made:
    """What a class makes for one case.

    ``expect``: "any" (loads or fails with one error), "loads" (a good document in disguise) or "fails".
    ``compare``: "same" (the seed's counts), "same-or-said" (the seed's counts, or a failure, or a finding the
    seed does not have: damage that may be undone but must not be silent), "twin" (the counts of ``twin``, the
    document as the reader promises to read the damaged one, read in the same build), or None.
    """

    seed: Seed | None
    variant: str
    data: bytes | None = None
    expect: str = "any"
    compare: str | None = None
    twin: bytes | None = None
    stem: bytes | None = None  # a file name of its own (odd names)
    suffix: str | None = None
    sidecar: bytes | None = None
    own_sidecar: bool = False  # ``sidecar`` replaces the seed's (None: no sidecar at all)
    special: str | None = None  # a FIFO, a link to a device, ... (given on the command line)


@dataclass(frozen=True)
class CaseClass:
    name: str
    format: str  # the format it damages, or "all"
    make: Callable[[random.Random, int], Made]  # (the case's random numbers, its number within its class)
    weight: float = 1.0


@dataclass
class Case:
    index: int
    klass: str
    made: Made

    @property
    def id(self) -> str:
        return f"c{self.index:05d}"

    @property
    def twin_id(self) -> str:
        return f"t{self.index:05d}"

    @property
    def format(self) -> str:
        return self.made.seed.format if self.made.seed else "file"

    def file_name(self) -> bytes:
        made = self.made
        suffix = made.suffix or (made.seed.suffix if made.seed else ".txt")
        stem = (
            made.stem if made.stem is not None else f"{self.klass}-{made.seed.name[:24] if made.seed else ''}".encode()
        )
        return self.id.encode() + b"-" + stem + suffix.encode()

    def sidecar(self) -> bytes | None:
        if self.made.own_sidecar:
            return self.made.sidecar
        return self.made.seed.sidecar if self.made.seed else None


def _pick(rng: random.Random, *formats: str) -> Seed:
    return rng.choice([seed for format in formats for seed in seeds()[format]])


def _nth(ordinal: int, *choices: Sequence[Any]) -> tuple[Any, ...]:
    """The ``ordinal``-th combination of ``choices`` (the first varying fastest): a class's cases go through all
    its variants, the first ones (the sizes the issue names) first, so a small run has them too."""
    picked = []
    for options in choices:
        picked.append(options[ordinal % len(options)])
        ordinal //= len(options)
    return tuple(picked)


def _seeded(format: str, change: Callable[[bytes, random.Random], bytes], variant: str = "") -> Callable[..., Made]:
    def make(rng: random.Random, _ordinal: int) -> Made:
        seed = _pick(rng, format)
        return Made(seed, variant or change.__name__, change(seed.data, rng))

    return make


# PDF


def _pdf_reportlab(rng: random.Random) -> Seed:
    return rng.choice([seed for seed in seeds()["pdf"] if seed.name.startswith("ex")])


def _pdf_content(rng: random.Random, _ordinal: int) -> Made:
    seed = _pdf_reportlab(rng)
    return Made(seed, "content operators", damage.pdf_content_damaged(seed.data, rng))


def _pdf_structure(rng: random.Random, _ordinal: int) -> Made:
    seed = _pdf_reportlab(rng)
    return Made(seed, "page tree", damage.pdf_structure_damaged(seed.data, rng))


@functools.cache
def _many_pages(pages: int) -> bytes:
    return damage.pdf_of_many_pages(pages)


def _pdf_many_pages(_rng: random.Random, ordinal: int) -> Made:
    (pages,) = _nth(ordinal, (100_000, 10_000, 1_000))
    return Made(None, f"{pages} pages", _many_pages(pages), suffix=".pdf")


@functools.cache
def _flate_bomb(inflated: int, unit: bytes) -> bytes:
    return damage.pdf_flate_bomb(inflated, unit)


def _pdf_flate_bomb(_rng: random.Random, ordinal: int) -> Made:
    (size,) = _nth(ordinal, (1024, 256))
    return Made(None, f"content inflating to {size} MB of blanks", _flate_bomb(size * 2**20, b" "), suffix=".pdf")


def _pdf_text_operators(_rng: random.Random, ordinal: int) -> Made:
    (size,) = _nth(ordinal, (50, 20, 5))
    operator = b"BT /F1 11 Tf 56 700 Td (Punkt 1: Meddelelser) Tj ET\n"
    return Made(None, f"{size} MB of text operators", _flate_bomb(size * 2**20, operator), suffix=".pdf")


# HTML

# Labels the WHATWG encoding standard does not know (a browser ignores them and reads UTF-8), UTF-16 labels (which a
# page's own declaration cannot mean: read as UTF-8) and spellings of UTF-8: the page must read as its seed does.
IGNORED_CHARSETS = (
    b"undefined", b"utf-16", b"punycode", b"UTF-16BE", b"rot13", b"no-such-charset", b"", b"base64", b"hex", b"zlib",
    b"bz2_codec", b"uu", b"idna", b"utf-7", b"utf-32", b"utf-16le", b"UTF-8", b"utf8", b" utf-8 ",
    b"unicode-1-1-utf-8", b'utf-8"', b"utf-8;", b"UTF-8\t",
)  # fmt: skip
LEGACY_CHARSETS = (b"latin1", b"windows-1251", b"koi8-r", b"shift_jis", b"iso-2022-jp", b"gb18030", b"x-user-defined")


def _html_charset(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, "html")
    label, form = _nth(ordinal, IGNORED_CHARSETS + LEGACY_CHARSETS, ("meta", "http-equiv", "twice"))
    page = damage.html_with_charset(seed.data, label, form)
    if label in IGNORED_CHARSETS:
        return Made(seed, f"{form} {label!r}", page, "loads", "same")
    return Made(seed, f"{form} {label!r}", page)


BAD_HREFS = (
    b"http://[::1/bilag.pdf", b"http://[", b"javascript:alert(1)", b"JaVaScRiPt:alert(1)", b"file:///etc/passwd",
    b"data:text/html,x", b"http://exa mple.dk/", b"http://:80/", b"http://a:99999/", b"//", b"", b"   ", b"%zz",
    b"mailto:x@example.dk", b"ftp://example.dk/x", b"http://xn--/", b"http://xn--a.dk/", b"http://[::1]:abc/",
    b"http://" + b"a" * 5000 + b".dk/", b"\\\\server\\share\\bilag.pdf", b"vbscript:x", b"http://example.dk/\xff",
    b"https://example.dk/bilag.pdf", b"bilag/1.pdf", b"?x=1", b"#top",
)  # fmt: skip
BASES = (b"https://example.dk/", b"http://[::1", b"javascript:x", b"file:///", b"", b"//example.dk/", b"%zz",
         b"http://xn--/")  # fmt: skip


def _html_links(rng: random.Random, _ordinal: int) -> Made:
    seed = _pick(rng, "html")
    hrefs = rng.sample(BAD_HREFS, rng.randint(1, 4))
    base = rng.choice((*BASES, None))
    canonical = rng.choice((*BASES, None))
    page = damage.html_with_links(seed.data, hrefs, base, canonical)
    return Made(seed, f"base {base!r} canonical {canonical!r} hrefs {hrefs!r}"[:200], page, "loads", "same")


def _html_attributes(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, "html")
    count, distinct = _nth(ordinal, (200_000, 20_000, 1_000), (True, False))
    variant = f"{count} {'distinct' if distinct else 'repeated'} attributes"
    return Made(seed, variant, damage.html_with_attributes(seed.data, count, distinct))


NESTINGS = (
    (300, b"div", True), (10_000, b"div", True), (1_000, b"span", True), (10_000, b"font", False),
    (300, b"section", True), (10_000, b"b", True), (300, b"font", True), (1_000, b"div", False),
)  # fmt: skip


def _html_nesting(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, "html")
    ((depth, tag, closed),) = _nth(ordinal, NESTINGS)
    page = damage.html_nested(seed.data, depth, tag, closed)
    variant = f"{depth} levels of <{tag.decode()}>{'' if closed else ' never closed'}"
    if depth == 300 and closed and tag == b"div":
        return Made(seed, variant, page, "loads", "same")
    return Made(seed, variant, page, compare="same-or-said")


# XML


def _xml_entities(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, "xml")
    (kind,) = _nth(ordinal, ("laughs", "file", "quadratic", "remote"))
    return Made(seed, f"entities: {kind}", damage.xml_with_entities(seed.data, kind))


def _xml_nested(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, "xml")
    (depth,) = _nth(ordinal, (10_000, 100_000, 300))
    return Made(seed, f"{depth} levels", damage.xml_nested(seed.data, depth))


# DOCX and ZIP

_XML_DAMAGE: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    damage.xml_broken,
    damage.xml_renamed,
    damage.with_control_characters,
    lambda data, rng: damage.xml_nested(data, rng.choice((300, 10_000))),
    lambda data, rng: damage.xml_with_entities(data, rng.choice(("laughs", "quadratic", "file"))),
)


def _docx_member(rng: random.Random, _ordinal: int) -> Made:
    seed = _pick(rng, "docx")
    change = rng.randrange(len(_XML_DAMAGE))
    data = damage.zip_with_member_replaced(seed.data, "word/document.xml", lambda xml: _XML_DAMAGE[change](xml, rng))
    return Made(seed, f"document.xml damage {change}", data)


def _member(seed: Seed, name: str) -> bytes:
    return dict(damage.zip_members(seed.data))[name]


@functools.cache
def _docx_bomb_bytes(size: int, stated: int | None) -> bytes:
    seed = seeds()["docx"][0]
    members = [(n, c) for n, c in damage.zip_members(seed.data) if n != "word/document.xml"]
    document = _member(seed, "word/document.xml")
    cut = document.index(b"<w:body>") + len(b"<w:body>")
    bomb = damage.deflate_bomb(size, b" ", document[:cut], document[cut:])
    return damage.zip_bomb(members, "word/document.xml", bomb, stated)


def _docx_bomb(_rng: random.Random, ordinal: int) -> Made:
    ((size, stated),) = _nth(ordinal, ((1024, 2000), (1024, None), (150, None), (150, 10**6)))
    variant = f"document.xml inflating to {size} MB" + (f", {stated} bytes stated" if stated else "")
    return Made(seeds()["docx"][0], variant, _docx_bomb_bytes(size * 2**20, stated))


@functools.cache
def _zip_bomb_bytes(size: int, stated: int | None) -> bytes:
    seed = seeds()["zip"][0]
    members = [(n, c) for n, c in damage.zip_members(seed.data) if n != "Publication32.xml"]
    xml = _member(seed, "Publication32.xml")
    cut = xml.index(b"?>") + 2
    bomb = damage.deflate_bomb(size, b" ", xml[:cut], xml[cut:])
    return damage.zip_bomb(members, "Publication32.xml", bomb, stated)


def _zip_bomb(_rng: random.Random, ordinal: int) -> Made:
    ((size, stated),) = _nth(ordinal, ((1024, 2000), (1024, None), (150, None)))
    variant = f"Publication XML inflating to {size} MB" + (f", {stated} bytes stated" if stated else "")
    return Made(seeds()["zip"][0], variant, _zip_bomb_bytes(size * 2**20, stated))


_MEMBER_NAMES = ("../evil.xml", "/abs/evil.xml", "C:\\evil.xml", "a/../../evil.xml", "dir/", "x" * 300 + ".xml")


def _zip_member(rng: random.Random, _ordinal: int) -> Made:
    seed = seeds()["zip"][0]
    if rng.random() < 0.3:
        name = rng.choice(_MEMBER_NAMES)
        return Made(
            seed, f"member named {name[:40]!r}", damage.zip_of([*damage.zip_members(seed.data), (name, b"<x/>")])
        )
    change = rng.randrange(len(_XML_DAMAGE))
    data = damage.zip_with_member_replaced(seed.data, "Publication32.xml", lambda xml: _XML_DAMAGE[change](xml, rng))
    return Made(seed, f"Publication XML damage {change}", data)


# text

# The example that is a dated plan, not minutes: a contents line or an item heading put in it makes it minutes,
# which must state their committee (it does not).
STANDALONE = frozenset({"ex002"})


def _text_sized(build: Callable[[int], tuple[bytes, str]]) -> Callable[..., Made]:
    """A block whose size shows a quadratic cost, put in the second half of a document (past its header, which
    an extra line could change), which must still load. The documents take turns, the real pages first: what a
    step costs may depend on what else the text holds (a detector that stops at the first item heading)."""

    def make(rng: random.Random, ordinal: int) -> Made:
        pages = [seed for seed in seeds()["text"] if not seed.name.startswith("ex")]
        examples = [seed for seed in seeds()["text"] if seed.name.startswith("ex") and seed.name not in STANDALONE]
        (seed,) = _nth(ordinal, pages + examples)
        block, variant = build(ordinal)
        return Made(seed, variant, damage.inserted_at_a_line(seed.data, block, rng, after=0.5), "loads")

    return make


def _blank_lines(ordinal: int) -> tuple[bytes, str]:
    count, kind = _nth(ordinal, (100_000, 200_000, 50_000), ("lf", "crlf", "spaces", "sparse"))
    return damage.blank_lines(count, kind), f"{count} blank lines ({kind})"


def _dot_leader(ordinal: int) -> tuple[bytes, str]:
    count, kind = _nth(ordinal, (100_000, 200_000), ("dots", "spaced", "ellipsis", "underscores", "dashes"))
    return damage.dot_leader(count, kind), f"a leader of {count} {kind}"


def _short_paragraphs(ordinal: int) -> tuple[bytes, str]:
    count, kind = _nth(ordinal, (40_000, 10_000), ("words", "letters", "bullets", "numbers"))
    return damage.short_paragraphs(count, kind), f"{count} short paragraphs ({kind})"


def _long_line(ordinal: int) -> tuple[bytes, str]:
    (count,) = _nth(ordinal, (20_000, None, 60_000, 1_000))
    if count is None:
        return b"Sagsfremstilling " + b"ord " * 250_000 + b"\n", "1 MB line of words"
    return "Mødedeltagere ".encode() + b"Anne Jensen (A), " * count + b"\n", f"{count} participants on one line"


def _text_stray_bytes(rng: random.Random, _ordinal: int) -> Made:
    """Bytes that are no UTF-8 in a UTF-8 file: read as UTF-8 with each replaced by U+FFFD (the twin), not as
    another encoding. What stood on the damaged line may be lost; nothing else."""
    seed = _pick(rng, "text")
    data = damage.with_stray_bytes(seed.data, rng)
    twin = data.decode("utf-8", "replace").encode("utf-8")
    return Made(seed, "stray bytes in prose", data, "loads", "twin", twin=twin)


def _text_cp1252(rng: random.Random, _ordinal: int) -> Made:
    seed = _pick(rng, "text")
    data = seed.data.decode("utf-8").encode("cp1252", "replace")
    return Made(seed, "cp1252 throughout", data, "loads", "same")


def _text_nul(rng: random.Random, _ordinal: int) -> Made:
    seed = _pick(rng, "text")
    data, kind = damage.with_nul(seed.data, rng)
    return Made(seed, f"NUL: {kind}", data)


_hypothesis_examples: list[bytes] = []


def _text_damaged(rng: random.Random, _ordinal: int) -> Made:
    """tests/mutations.py's damaged_document (lines deleted, duplicated, shuffled, cut, spliced, re-encoded)."""
    if not _hypothesis_examples:
        _hypothesis_examples.extend(_draw_damaged_documents(200, rng.randrange(2**32)))
    return Made(None, "damaged_document", _hypothesis_examples.pop(), suffix=".txt")


def _draw_damaged_documents(count: int, seed: int) -> list[bytes]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    drawn: list[bytes] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(damage.damaged_document())
    def collect(data: bytes) -> None:
        drawn.append(data)

    collect()
    random.Random(seed).shuffle(drawn)
    return drawn


# names, sidecars, special files

ODD_NAMES = (
    b"bad\xff", b"latin1-\xe6\xf8\xe5", b"new\nline", b"carriage\rreturn", b"esc\x1b[31mred\x1b[0m", b"tab\there",
    b" spaced name ", b"-starts-with-dash", "æøå-utf8".encode(), "nfd-a\u030a".encode(), b"x" * 200, b"quote'\"",
    b"glob[*?]", b"percent%s%n", b"back\\slash", b"$(echo hi)", b"[bold red]markup", b"bell\x07", b"del\x7f",
    b"c1-\xc2\x9b", "bidi-\u202e".encode(), b"dots..", b"emoji-\xf0\x9f\x93\x84",
)  # fmt: skip


def _odd_name(rng: random.Random, ordinal: int) -> Made:
    seed = _pick(rng, *seeds())
    (stem,) = _nth(ordinal, ODD_NAMES)
    suffix = seed.suffix.upper() if rng.random() < 0.3 else seed.suffix
    return Made(seed, f"named {stem!r}", seed.data, "loads", "same", stem=stem, suffix=suffix)


# (content, what it must do): a sidecar of the wrong shape is the file's error, naming the sidecar
SIDECARS: tuple[tuple[bytes, str], ...] = (
    (b'{"committee": 123}', "fails"), (b"[]", "fails"), (b'"Kommunalbestyrelsen"', "fails"), (b"null", "fails"),
    (b"42", "fails"), (b'{"date": 20161010}', "fails"), (b'{"date": "2016-13-45"}', "fails"),
    (b'{"municipality": [151]}', "fails"), (b'{"municipality": true}', "fails"),
    (b'{"municipality": 1.5}', "fails"), (b'{"kommitee": "x"}', "fails"), (b"{", "fails"), (b"\xff\xfe{}", "fails"),
    (b"[" * 100_000 + b"]" * 100_000, "fails"), (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "fails"),
    (b'{"committee": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "fails"),
    (b'{"committee": "Kommunalbestyrelsen", "committee": 5}', "fails"), (b'{"date": null}', "any"),
    (b"\xef\xbb\xbf{}", "any"), (b"{}", "loads"), (b"  {}  \n", "loads"),
    (b'{"committee": "' + b"x" * 1_000_000 + b'"}', "any"),
)  # fmt: skip


def _bad_sidecar(rng: random.Random, ordinal: int) -> Made:
    seed = rng.choice([s for s in seeds()["text"] + seeds()["html"] if s.name.startswith("ex")])
    ((content, expect),) = _nth(ordinal, SIDECARS)
    return Made(seed, f"sidecar {content[:40]!r}", seed.data, expect, "same" if expect == "loads" else None,
                sidecar=content, own_sidecar=True)  # fmt: skip


SPECIAL = ("fifo", "dev-zero", "dev-urandom", "loop", "dangling", "empty", "blank")


def _special_file(_rng: random.Random, ordinal: int) -> Made:
    (kind,) = _nth(ordinal, SPECIAL)
    data = {"empty": b"", "blank": b" \n\t\n" * 1000}.get(kind)
    return Made(None, kind, data, "fails", special=kind if data is None else None, suffix=".txt")


def _random(format: str) -> Callable[..., Made]:
    return _seeded(format, damage.random_damage, f"random bytes ({format})")


def _truncated(rng: random.Random, _ordinal: int) -> Made:
    seed = _pick(rng, *seeds())
    return Made(seed, "cut short", damage.truncated(seed.data, rng))


CLASSES: tuple[CaseClass, ...] = (
    CaseClass("pdf-stream-bytes", "pdf", _seeded("pdf", damage.pdf_stream_bytes_flipped, "stream bytes")),
    CaseClass("pdf-content", "pdf", _pdf_content),
    CaseClass("pdf-mediabox", "pdf", _seeded("pdf", damage.pdf_bad_mediabox, "MediaBox")),
    CaseClass("pdf-structure", "pdf", _pdf_structure),
    CaseClass("pdf-random", "pdf", _random("pdf")),
    CaseClass("pdf-many-pages", "pdf", _pdf_many_pages, 0.02),
    CaseClass("pdf-flate-bomb", "pdf", _pdf_flate_bomb, 0.02),
    CaseClass("pdf-text-operators", "pdf", _pdf_text_operators, 0.02),
    CaseClass("html-charset", "html", _html_charset),
    CaseClass("html-links", "html", _html_links),
    CaseClass("html-attributes", "html", _html_attributes, 0.2),
    CaseClass("html-nesting", "html", _html_nesting, 0.5),
    CaseClass("html-markup", "html", _seeded("html", damage.html_markup_damaged, "markup")),
    CaseClass("html-random", "html", _random("html")),
    CaseClass("xml-broken", "xml", _seeded("xml", damage.xml_broken)),
    CaseClass("xml-renamed", "xml", _seeded("xml", damage.xml_renamed)),
    CaseClass("xml-control", "xml", _seeded("xml", damage.with_control_characters)),
    CaseClass("xml-entities", "xml", _xml_entities, 0.5),
    CaseClass("xml-nesting", "xml", _xml_nested, 0.3),
    CaseClass("xml-random", "xml", _random("xml")),
    CaseClass("docx-member", "docx", _docx_member),
    CaseClass("docx-random", "docx", _random("docx")),
    CaseClass("docx-bomb", "docx", _docx_bomb, 0.02),
    CaseClass("zip-member", "zip", _zip_member, 0.5),
    CaseClass("zip-random", "zip", _random("zip"), 0.5),
    CaseClass("zip-bomb", "zip", _zip_bomb, 0.02),
    CaseClass("text-blank-lines", "text", _text_sized(_blank_lines), 0.3),
    CaseClass("text-dot-leaders", "text", _text_sized(_dot_leader), 0.3),
    CaseClass("text-short-paragraphs", "text", _text_sized(_short_paragraphs), 0.3),
    CaseClass("text-long-lines", "text", _text_sized(_long_line), 0.2),
    CaseClass("text-stray-bytes", "text", _text_stray_bytes),
    CaseClass("text-cp1252", "text", _text_cp1252, 0.5),
    CaseClass("text-nul", "text", _text_nul),
    CaseClass("text-terminal", "text", _seeded("text", damage.with_terminal_traps, "control characters")),
    CaseClass("text-damaged", "text", _text_damaged),
    CaseClass("text-random", "text", _random("text")),
    CaseClass("truncated", "all", _truncated),
    CaseClass("odd-names", "all", _odd_name),
    CaseClass("bad-sidecar", "all", _bad_sidecar),
    CaseClass("special-files", "file", _special_file, 0.3),
)
CLASS_BY_NAME = {klass.name: klass for klass in CLASSES}


def plan(count: int, seed: int, floor: int = 1) -> list[str]:
    """The class of each of ``count`` cases: every class ``floor`` times (while the count lasts), the rest by
    weight, in a shuffled order so that each build holds a mix."""
    classes = list(CLASSES)
    names = [klass.name for _ in range(floor) for klass in classes][:count]
    rng = random.Random(f"plan:{seed}")
    total = sum(klass.weight for klass in classes)
    rest = count - len(names)
    shares = {klass.name: rest * klass.weight / total for klass in classes}
    for name, share in shares.items():
        names += [name] * int(share)
    by_remainder = sorted(shares, key=lambda name: shares[name] - int(shares[name]), reverse=True)
    names += by_remainder[: count - len(names)]
    rng.shuffle(names)
    return names


def make_case(index: int, klass: str, seed: int, ordinal: int = 0) -> Case:
    """Case ``index`` of a run, the ``ordinal``-th of its class; the same for the same seed."""
    rng = random.Random(f"{seed}:{index}")
    return Case(index, klass, CLASS_BY_NAME[klass].make(rng, ordinal))


# --- one build -------------------------------------------------------------------------------------------------

# The CLI's own entry point, with file_reading.load_file wrapped to log each file's seconds and peak resident memory
# (VmHWM, reset before each file) from the worker that reads it.
LAUNCHER = """
import json, os, sys, time
from kommunegraf import file_reading
log, real = os.environ["FUZZ_TIMING_LOG"], file_reading.load_file
def peak_kb():
    with open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1])
def timed(path, *args, **kwargs):
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    began = time.perf_counter()
    try:
        return real(path, *args, **kwargs)
    finally:
        entry = {"path": path, "seconds": time.perf_counter() - began, "peak_kb": peak_kb()}
        handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(handle, (json.dumps(entry) + "\\n").encode())
        os.close(handle)
file_reading.load_file = timed
sys.argv[0] = "kommunegraf"
from kommunegraf.__main__ import main
main()
"""


@dataclass(frozen=True)
class Options:
    jobs: int = 2
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int = DEFAULT_MEMORY_LIMIT


@dataclass
class Expected:
    """What one input of a build must do."""

    klass: str
    expect: str = "any"
    compare: str | None = None
    seed: str | None = None
    twin: str | None = None  # the input whose counts it must give (compare "twin")


@dataclass
class BuildRun:
    """What the CLI did: exit code (None: it did not end in time), output, report, graph, timings, peak memory."""

    code: int | None  # None: it did not end in time and was killed
    stdout: str
    stderr: str
    report: dict | None
    graph: bytes | None
    timings: dict[str, tuple[float, int | None]]
    peak_kb: int
    seconds: float


def _write(path: bytes, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _make_special(path: bytes, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        os.symlink(b"/dev/zero", path)
    elif kind == "dev-urandom":
        os.symlink(b"/dev/urandom", path)
    elif kind == "loop":
        os.symlink(os.path.basename(path), path)
    elif kind == "dangling":
        os.symlink(b"no-such-file.txt", path)


def write_inputs(folder: Path, cases: list[Case], goods: list[tuple[str, Seed]]) -> list[str]:
    """The cases and good files in ``folder``/in (special files in ``folder``/special); returns the paths to give
    the CLI besides ``in``."""
    inputs, special = os.fsencode(folder / "in"), os.fsencode(folder / "special")
    os.makedirs(inputs)
    os.makedirs(special)
    extra: list[str] = []
    for name, seed in goods:
        target = os.path.join(inputs, f"{name}-{seed.name}{seed.suffix}".encode())
        _write(target, seed.data)
        if seed.sidecar is not None:
            _write(target + SIDECAR.encode(), seed.sidecar)
    for case in cases:
        if case.made.special:
            target = os.path.join(special, case.file_name())
            _make_special(target, case.made.special)
            extra.append(os.fsdecode(os.path.join(b"special", case.file_name())))
            continue
        targets = [(os.path.join(inputs, case.file_name()), case.made.data or b"")]
        if case.made.twin is not None:
            suffix = (case.made.suffix or (case.made.seed.suffix if case.made.seed else ".txt")).encode()
            targets.append((os.path.join(inputs, case.twin_id.encode() + b"-twin" + suffix), case.made.twin))
        sidecar = case.sidecar()
        for target, data in targets:
            _write(target, data)
            if sidecar is not None:
                _write(target + SIDECAR.encode(), sidecar)
    return extra


def run_cli(folder: Path, extra: list[str], options: Options, timeout: float) -> BuildRun:
    """``kommunegraf build in EXTRA --out out`` in ``folder``, waited for with its resource use."""
    log = folder / "timing.jsonl"
    command = [sys.executable, "-c", LAUNCHER, "build", "in", *extra, "--out", "out", "-q", "-j", str(options.jobs),
               "--time-limit", f"{options.time_limit:g}", "--memory-limit", str(options.memory_limit)]  # fmt: skip
    env = {**os.environ, "FUZZ_TIMING_LOG": str(log), "SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1"}
    began = time.monotonic()
    with open(folder / "stdout", "wb") as out, open(folder / "stderr", "wb") as err:
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                   start_new_session=True)  # fmt: skip
        code, usage = _wait(process, timeout)
    seconds = time.monotonic() - began
    report = graph = None
    if (folder / "out" / "report.json").is_file():
        try:
            report = json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))
        except ValueError:
            report = None
    if (folder / "out" / "graph.json").is_file():
        graph = (folder / "out" / "graph.json").read_bytes()
    timings: dict[str, tuple[float, int | None]] = {}
    if log.is_file():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found = _INPUT_ID.match(os.path.basename(entry["path"]))
            if found:
                timings[found[1]] = (entry["seconds"], entry["peak_kb"])
    # a worker's high-water mark is reset before each file, so its peak over the build is the largest of its files'
    usage = max([usage, *(peak for _, peak in timings.values() if peak)])
    return BuildRun(
        code,
        (folder / "stdout").read_bytes().decode("utf-8", "replace"),
        (folder / "stderr").read_bytes().decode("utf-8", "replace"),
        report,
        graph,
        timings,
        usage,
        seconds,
    )


def _wait(process: subprocess.Popen, timeout: float) -> tuple[int | None, int]:
    """The exit code (negative: a signal; None: killed here after ``timeout``) and the peak resident memory (KB)
    of the process and every process it waited for (its workers)."""
    deadline = time.monotonic() + timeout
    try:
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                return process.returncode, usage.ru_maxrss
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        if process.returncode is None:  # out of time, or this script stopped: the build (its own group) goes too
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
    return None, usage.ru_maxrss


# --- checking a build ------------------------------------------------------------------------------------------

_INPUT_ID = re.compile(r"^([cgt]\d+)-")  # a case, a good file, a case's twin
_ERROR_LINE = re.compile(r"^error: (?:in|special)/([cgt]\d+)-")
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_WEB = re.compile(r"^(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:")
_LIMITS = (
    ("(the time limit)", "time limit"),
    ("the reading process", "process died"),
    ("more memory than a file may take", "memory limit"),
)


@dataclass
class Outcome:
    """One input's outcome in a build, and what is wrong with it."""

    id: str
    outcome: str  # loaded, partial, failed, limit, internal, whole-build
    defects: list[str] = field(default_factory=list)
    seconds: float | None = None
    peak_kb: int | None = None
    error: str | None = None
    traceback: str | None = None  # where kommunegraf's own code failed (report.json's)


@dataclass
class BuildCheck:
    failure: str | None  # why the build as a whole failed
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    build_defects: list[str] = field(default_factory=list)  # about the build's output, not one input


@dataclass(frozen=True)
class Baseline:
    """A seed's counts and finding codes when it is read undamaged."""

    counts: dict[str, int]
    codes: frozenset[str]


def check_build(run: BuildRun, expected: dict[str, Expected], baselines: dict[str, Baseline]) -> BuildCheck:
    """Hold one build to the invariants (see the module's docstring)."""
    failure = _whole_build_failure(run, expected)
    if failure:
        return BuildCheck(failure)
    assert run.report is not None
    error_lines: collections.Counter[str] = collections.Counter()
    build_defects = []
    for line in run.stderr.splitlines():
        found = _ERROR_LINE.match(line)
        if found:
            error_lines[found[1]] += 1
        elif line.strip() and not line.startswith(("warning: ", "error: ")):
            build_defects.append(f"stray output on stderr: {line[:160]!r}")
        elif line.startswith("error: "):
            build_defects.append(f"an error line naming no input: {line[:160]!r}")
        if _TERMINAL_UNSAFE.search(line):
            build_defects.append(f"a raw control character reaches the terminal: {line[:160]!r}")
    if run.stdout.strip():
        build_defects.append(f"output on stdout with --quiet: {run.stdout[:160]!r}")
    entries = {_INPUT_ID.match(os.path.basename(entry["path"]))[1]: entry for entry in run.report["files"]}
    outcomes = {}
    for input_id, entry in entries.items():
        reference = _reference(expected[input_id], baselines, entries)
        outcome = _outcome(entry, expected[input_id], reference, error_lines[input_id])
        outcome.seconds, outcome.peak_kb = run.timings.get(input_id, (None, None))
        outcomes[input_id] = outcome
    build_defects += _graph_defects(run.graph)
    return BuildCheck(None, outcomes, build_defects)


def _whole_build_failure(run: BuildRun, expected: dict[str, Expected]) -> str | None:
    if run.code is None:
        return f"did not end: killed after {run.seconds:.0f} s"
    if run.code < 0:
        return f"ended by {signal.Signals(-run.code).name}"
    if run.code not in (0, 1):
        return f"exit code {run.code}: {_last_line(run.stderr)}"
    if "Traceback (most recent call last)" in run.stderr + run.stdout:
        return f"a traceback: {_last_line(run.stderr)}"
    if run.report is None:
        return f"no readable report.json (exit code {run.code}): {_last_line(run.stderr)}"
    listed = [_INPUT_ID.match(os.path.basename(entry["path"])) for entry in run.report["files"]]
    if not all(listed):
        return "report.json lists a file that is no input"
    ids = sorted(found[1] for found in listed if found)
    if ids != sorted(expected):
        missing, extra = sorted(set(expected) - set(ids)), sorted(set(ids) - set(expected))
        return f"report.json lists {len(listed)} inputs for {len(expected)}: missing {missing[:5]}, extra {extra[:5]}"
    failed = any(entry["status"] == "failed" for entry in run.report["files"])
    if run.code != (1 if failed else 0):
        return f"exit code {run.code} though {'some' if failed else 'no'} file failed"
    return None


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(no output)"


def _reference(expected: Expected, baselines: dict[str, Baseline], entries: dict[str, dict]) -> Baseline | None:
    """What an input's counts must be: its seed's, or its twin's (when the twin loaded)."""
    if expected.compare == "twin":
        twin = entries.get(expected.twin or "")
        if twin is None or twin["status"] == "failed":
            return None
        return Baseline(twin["counts"], frozenset(finding.get("code") for finding in twin.get("findings", [])))
    return baselines.get(expected.seed or "") if expected.compare else None


def _outcome(entry: dict, expected: Expected, reference: Baseline | None, error_lines: int) -> Outcome:
    status, errors = entry["status"], entry.get("errors") or []
    input_id = _INPUT_ID.match(os.path.basename(entry["path"]))[1]
    outcome = Outcome(input_id, {"ok": "loaded", "partial": "partial"}.get(status, "failed"))
    defects = outcome.defects
    if status == "failed":
        error = errors[0] if errors else ""
        outcome.error, outcome.traceback = error, entry.get("traceback")
        limit = next((name for marker, name in _LIMITS if marker in error), None)
        if limit:
            outcome.outcome = "limit"
            defects.append(f"over its limits ({limit}): {error}")
        elif "a bug in kommunegraf" in error:
            outcome.outcome = "internal"
            defects.append(f"internal error: {error}")
        if len(errors) != 1:
            defects.append(f"{len(errors)} errors in report.json (one expected)")
        if error_lines != 1:
            defects.append(f"{error_lines} error lines on stderr (one expected)")
        if not error.startswith((entry["path"] + ":", entry["path"] + SIDECAR + ":")):
            defects.append(f"the error does not begin with the file's name: {error[:160]!r}")
        if expected.expect == "loads" and outcome.outcome == "failed":  # (a limit or a bug is said above)
            defects.append(f"a good document failed: {error}")
    else:
        if error_lines:
            defects.append(f"{error_lines} error lines on stderr for a file that loaded")
        if expected.expect == "fails":
            defects.append("loaded, though it is no document or its sidecar is bad")
    if reference is not None and outcome.outcome in ("loaded", "partial"):
        counts = {key: entry["counts"].get(key, 0) for key in COMPARED_COUNTS}
        wanted = {key: reference.counts.get(key, 0) for key in COMPARED_COUNTS}
        new_codes = {finding.get("code") for finding in entry.get("findings", [])} - reference.codes
        if counts != wanted and not (expected.compare == "same-or-said" and new_codes):
            changed = ", ".join(f"{k} {wanted[k]} -> {counts[k]}" for k in COMPARED_COUNTS if counts[k] != wanted[k])
            whose = "its twin" if expected.compare == "twin" else "its seed"
            defects.append(f"read differently from {whose}, unsaid: {changed}")
    return outcome


def _graph_defects(graph: bytes | None) -> list[str]:
    if not graph:
        return []
    defects = []
    if b"root:x:0:0" in graph:
        defects.append("graph.json holds /etc/passwd (an external entity was read)")
    import orjson

    for node in orjson.loads(graph).get("nodes", []):
        url = node.get("url")
        if isinstance(url, str) and _NOT_WEB.match(url):
            defects.append(f"graph.json keeps a link that is no web address: {url[:80]!r}")
    return defects


# --- the run ---------------------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    index: int
    klass: str
    format: str
    seed: str
    variant: str
    size: int
    outcome: str
    defects: list[str]
    seconds: float | None
    peak_kb: int | None
    error: str | None = None  # its error, when it failed
    kept: str | None = None  # the command that shows its defect (its case saved in WORK/defects)


@dataclass
class FuzzResult:
    cases: list[CaseResult] = field(default_factory=list)
    goods: int = 0  # good files read in the builds
    good_defects: list[str] = field(default_factory=list)
    builds: int = 0
    whole_build_failures: list[str] = field(default_factory=list)  # of the builds as planned (before halving)
    build_defects: list[str] = field(default_factory=list)
    peak_kb: int = 0
    seconds: float = 0.0

    def defects(self) -> list[tuple[CaseResult, str]]:
        return [(case, defect) for case in self.cases for defect in case.defects]

    def by_outcome(self, outcome: str) -> list[CaseResult]:
        return [case for case in self.cases if case.outcome == outcome]


class Fuzzer:
    """Runs cases in builds and keeps what they showed."""

    def __init__(self, work: Path, options: Options, seed: int, progress: Callable[[str], None] | None = None):
        self.work, self.options, self.seed, self.progress = work, options, seed, progress or (lambda _line: None)
        self.result = FuzzResult()
        self.baselines: dict[str, Baseline] = {}
        self.goods = itertools.cycle(all_seeds())
        self.kept: collections.Counter[tuple[str, str]] = collections.Counter()

    def baseline(self) -> None:
        """Read every seed undamaged in one build: each must load, and its counts are what damage is compared to."""
        goods = [(f"g{n:03d}", seed) for n, seed in enumerate(all_seeds())]
        check, report = self._build([], goods, "baseline")
        if check.failure or report is None:
            raise SystemExit(f"the seeds alone fail the build: {check.failure}")
        for name, seed in goods:
            outcome = check.outcomes[name]
            if outcome.outcome not in ("loaded", "partial"):
                raise SystemExit(f"the seed {seed.name} does not load: {outcome.error}")
            entry = next(e for e in report["files"] if os.path.basename(e["path"]).startswith(f"{name}-"))
            codes = frozenset(finding.get("code") for finding in entry.get("findings", []))
            self.baselines[seed.name] = Baseline(entry["counts"], codes)

    def run(self, cases: list[Case], label: str) -> None:
        goods = [(f"g{n:03d}", next(self.goods)) for n in range(len(seeds()))]
        check, _ = self._build(cases, goods, label)
        if check.failure:
            self.result.whole_build_failures.append(f"{label}: {check.failure}")
            self.progress(f"{label}: whole-build failure ({check.failure}); halving to find the cases")
            self._halve(cases, goods, label)
            return
        self._record(check, cases, goods)

    def _halve(self, cases: list[Case], goods: list[tuple[str, Seed]], label: str) -> None:
        if len(cases) == 1:
            (case,) = cases
            check, _ = self._build(cases, [], f"{label}/{case.id}")
            if check.failure:
                self._add(case, Outcome(case.id, "whole-build", [f"fails the whole build: {check.failure}"]))
            else:
                self._record(check, cases, [])
            return
        middle = len(cases) // 2
        for part, half in (("a", cases[:middle]), ("b", cases[middle:])):
            check, _ = self._build(half, goods, f"{label}{part}")
            if check.failure:
                self._halve(half, goods, f"{label}{part}")
            else:
                self._record(check, half, goods)

    def _build(self, cases: list[Case], goods: list[tuple[str, Seed]], label: str) -> tuple[BuildCheck, dict | None]:
        """One build of ``cases`` and ``goods`` in a folder of its own (removed after), checked; and its report."""
        folder = Path(tempfile.mkdtemp(prefix="build-", dir=self.work))
        try:
            extra = write_inputs(folder, cases, goods)
            expected = {name: Expected("good", "loads", None, seed.name) for name, seed in goods}
            for case in cases:
                seed = case.made.seed.name if case.made.seed else None
                twin = case.twin_id if case.made.twin is not None else None
                expected[case.id] = Expected(case.klass, case.made.expect, case.made.compare, seed, twin)
                if twin:
                    expected[twin] = Expected("twin")
            timeout = 120 + self.options.time_limit * (len(cases) + len(goods)) / self.options.jobs
            run = run_cli(folder, extra, self.options, timeout)
            self.result.builds += 1
            self.result.peak_kb = max(self.result.peak_kb, run.peak_kb)
            check = check_build(run, expected, self.baselines)
            for defect in check.build_defects:
                self.result.build_defects.append(f"{label}: {defect}")
            return check, run.report
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _record(self, check: BuildCheck, cases: list[Case], goods: list[tuple[str, Seed]]) -> None:
        for name, seed in goods:
            outcome = check.outcomes[name]
            self.result.goods += 1
            self.result.good_defects += [f"good file {seed.name}: {defect}" for defect in outcome.defects]
        for case in cases:
            self._add(case, check.outcomes[case.id])

    def _add(self, case: Case, outcome: Outcome) -> None:
        made = case.made
        seed = made.seed.name if made.seed else "-"
        result = CaseResult(case.index, case.klass, case.format, seed, made.variant, len(made.data or b""),
                            outcome.outcome, outcome.defects, outcome.seconds, outcome.peak_kb,
                            outcome.error)  # fmt: skip
        if outcome.defects:
            result.kept = self._keep(case, outcome.defects[0], outcome.traceback)
        self.result.cases.append(result)

    def _keep(self, case: Case, defect: str, traceback: str | None) -> str | None:
        """Save the case (and its sidecar) with the command that reads it, a few per class and kind of defect."""
        kind = re.sub(r"[:(].*", "", defect).strip()
        self.kept[case.klass, kind] += 1
        if self.kept[case.klass, kind] > SAVED_PER_DEFECT:
            return None
        folder = self.work / "defects" / f"{case.id}-{case.klass}"
        folder.mkdir(parents=True, exist_ok=True)
        write_inputs(folder, [case], [])
        command = (f"cd {folder} && python -m kommunegraf build in {'special/* ' if case.made.special else ''}"
                   f"--out out -j 1 --time-limit {self.options.time_limit:g}")  # fmt: skip
        text = f"{case.klass}: {case.made.variant}\n{defect}\n\n{command}\n" + (f"\n{traceback}" if traceback else "")
        (folder / "README").write_text(text, encoding="utf-8")
        return command


def run_fuzz(
    cases: int,
    seed: int,
    work: Path,
    options: Options,
    per_build: int = 250,
    progress: Callable[[str], None] | None = None,
    floor: int = 1,
) -> FuzzResult:
    """``cases`` cases (see ``plan``: ``floor`` of each class at least) in builds of ``per_build``, after a build
    of the undamaged seeds."""
    began = time.monotonic()
    fuzzer = Fuzzer(work, options, seed, progress)
    fuzzer.baseline()
    classes = plan(cases, seed, floor)
    seen: collections.Counter[str] = collections.Counter()
    ordinals = []
    for klass in classes:
        ordinals.append(seen[klass])
        seen[klass] += 1
    for start in range(0, len(classes), per_build):
        batch = [make_case(index, classes[index], seed, ordinals[index]) for index in
                 range(start, min(start + per_build, cases))]  # fmt: skip
        label = f"build {start // per_build + 1}"
        fuzzer.run(batch, label)
        done = len(fuzzer.result.cases)
        defects = len(fuzzer.result.defects())
        (progress or (lambda _line: None))(
            f"{label}: {done}/{cases} cases, {defects} defects, {time.monotonic() - began:.0f} s"
        )
    fuzzer.result.seconds = time.monotonic() - began
    return fuzzer.result


# --- the summary -----------------------------------------------------------------------------------------------

OUTCOMES = ("loaded", "partial", "failed", "limit", "internal", "whole-build")


def summary(result: FuzzResult, options: Options) -> list[str]:
    cases = result.cases
    lines = [
        f"{len(cases)} cases ({len(CLASSES)} classes; formats: "
        + ", ".join(f"{f} {n}" for f, n in sorted(collections.Counter(c.format for c in cases).items()))
        + f") and {result.goods} good files in {result.builds} builds, {result.seconds:.0f} s "
        f"(-j {options.jobs}, --time-limit {options.time_limit:g}, --memory-limit {options.memory_limit})",
        f"whole-build failures: {len(result.whole_build_failures)}",
        "",
        f"{'class':<22}{'cases':>6}" + "".join(f"{o:>9}" for o in OUTCOMES) + f"{'defects':>9}{'slowest':>9}",
    ]
    for klass in CLASSES:
        mine = [c for c in cases if c.klass == klass.name]
        if not mine:
            continue
        counts = collections.Counter(c.outcome for c in mine)
        slowest = max((c.seconds for c in mine if c.seconds is not None), default=0.0)
        lines.append(
            f"{klass.name:<22}{len(mine):>6}" + "".join(f"{counts[o]:>9}" for o in OUTCOMES)
            + f"{sum(1 for c in mine if c.defects):>9}{slowest:>8.2f}s"
        )  # fmt: skip
    timed = [c for c in cases if c.seconds is not None]
    if timed:
        slowest = max(timed, key=lambda c: c.seconds or 0.0)
        lines += ["", f"slowest case: {slowest.seconds:.2f} s, c{slowest.index:05d} {slowest.klass} "
                  f"({slowest.variant}, seed {slowest.seed}, {slowest.size:,} bytes)"]  # fmt: skip
    measured = [c for c in cases if c.peak_kb]
    if measured:
        largest = max(measured, key=lambda c: c.peak_kb or 0)
        lines.append(f"largest memory of one case: {largest.peak_kb / 1024:.0f} MB resident, c{largest.index:05d} "
                     f"{largest.klass} ({largest.variant})")  # fmt: skip
    lines.append(f"peak resident memory of a build (the CLI or one of its workers): {result.peak_kb / 1024:.0f} MB")
    defects = result.defects()
    lines += [
        "",
        f"defects: {len(defects)} in {len({c.index for c, _ in defects})} cases, "
        f"{len(result.good_defects)} of good files, {len(result.build_defects)} about the builds' output",
    ]
    grouped: dict[tuple[str, str], list[tuple[CaseResult, str]]] = collections.defaultdict(list)
    for case, defect in defects:
        grouped[case.klass, re.sub(r"[:(].*", "", defect).strip()].append((case, defect))
    for (klass, kind), found in sorted(grouped.items()):
        lines.append(f"  {klass}: {kind}: {len(found)} cases")
        for case, defect in found[:3]:
            lines.append(f"    c{case.index:05d} ({case.variant}, seed {case.seed}): {defect[:300]}")
            if case.kept:
                lines.append(f"      {case.kept}")
    for defect in (result.good_defects + result.build_defects + result.whole_build_failures)[:30]:
        lines.append(f"  {defect[:300]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="folder for the builds and the defects' cases (default: a new one)")
    parser.add_argument("--jobs", type=int, default=2, help="the builds' -j")
    parser.add_argument("--per-build", type=int, default=250, help="cases per build")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="the builds' --time-limit")
    parser.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_LIMIT, help="the builds' --memory-limit")
    parser.add_argument("--json", type=Path, help="also write every case's result here")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))  # unwinds, so the running build is stopped
    work = args.work or Path(tempfile.mkdtemp(prefix="kommunegraf-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    options = Options(args.jobs, args.time_limit, args.memory_limit)
    result = run_fuzz(args.cases, args.seed, work, options, args.per_build,
                      progress=lambda line: print(line, file=sys.stderr, flush=True))  # fmt: skip
    print("\n".join(summary(result, options)))
    print(f"\nwork folder: {work}")
    if args.json:
        args.json.write_text(
            json.dumps([vars(c) for c in result.cases], ensure_ascii=False, indent=1), encoding="utf-8"
        )
    bad = result.defects() or result.good_defects or result.build_defects or result.whole_build_failures
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
