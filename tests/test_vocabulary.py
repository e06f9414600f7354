"""The wording (loaders/wording/*.toml): every rule reads the real snippet it comes with, the snippet is real,
and a malformed wording file is refused with its file and rule named."""

from __future__ import annotations

import html
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES

from kommunegraf.loaders import people, phrases, recommenders
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.lines import numbered
from kommunegraf.loaders.profiles import clean_line
from kommunegraf.loaders.registry import read_document
from kommunegraf.loaders.standalone import StandaloneLoader, _dated, document_kind
from kommunegraf.loaders.vocabulary import Compiled, VocabularyError, parse_files, vocabulary, wording_files
from kommunegraf.text import clean

REALWORLD = FIXTURES / "realworld"
_CLASSIFIED = {
    "furniture", "header_form", "item_heading", "toc_group", "access", "decision_heading", "section_form", "label",
    "section", "toc_heading", "doc_type",
}  # fmt: skip
_SEARCHED = {"absence_phrase", "recommendation_phrase", "previous_form", "presenter_phrase", "meeting_reference"}
_EVERY_WORD = {"label", "section", "toc_heading", "doc_type", "role_word"}
_DOCUMENT_WORDS = {"date_line", "letter_date", "item_keyword", "document_kind"}  # read by the standalone loader
PLAN = EXAMPLES / "002_7a4e36fc694e3d8a.txt"  # a standalone plan: "Dato: 1. december 2020", "Beskaeftigelsesplan 2021"


def _rules() -> list[tuple[str, Compiled]]:
    return [(kind, c) for kind, rules in sorted(vocabulary().rules.items()) for c in rules]


EXAMPLE_CASES = [
    pytest.param(kind, compiled, example, id=f"{compiled.id}[{n}]")
    for kind, compiled in _rules()
    for n, example in enumerate(compiled.rule.examples)
]


@pytest.mark.parametrize(
    ("kind", "compiled", "example"), [case for case in EXAMPLE_CASES if getattr(case.values[1].rule, "contains", None)]
)
def test_every_snippet_holds_a_word_its_rule_is_prefiltered_by(kind, compiled, example):
    assert phrases.holds(compiled, clean_line(example.text)), f"none of {compiled.rule.contains} in the snippet"


def _expect_groups(groups: dict[str, str], expect: dict) -> None:
    for name, value in expect.items():
        assert groups.get(name, "").strip() == str(value), f"{name}: {groups.get(name)!r} != {value!r}"


@pytest.mark.parametrize(("kind", "compiled", "example"), EXAMPLE_CASES)
def test_every_rule_reads_its_real_snippet(kind, compiled, example):
    text = clean_line(example.text)
    expect = dict(example.expect)
    regex = compiled.regex
    if kind in _CLASSIFIED:
        cue = classifier().classify(text)
        assert cue is not None and cue.rule == compiled.id, f"classified as {cue and cue.rule}"
        if "value" in expect:
            assert cue.value == expect.pop("value")
        _expect_groups(cue.groups, expect)
    elif kind == "case_scheme":
        found = classifier().classify(text) if compiled.rule.bare else None
        match = regex.search(text)
        assert match is not None
        if compiled.rule.bare:
            assert found is not None and found.rule == compiled.id
        _expect_groups(match.groupdict(), expect)
    elif kind in _SEARCHED or kind == "person_marker":
        match = regex.search(text)
        assert match is not None
        _expect_groups({k: v or "" for k, v in match.groupdict().items()}, expect)
    elif kind == "unit_form":
        assert regex.fullmatch(text)
    elif kind == "not_unit":
        name = re.split(r"\s+(?:indstill|foreslår)", text)[0]
        assert regex.fullmatch(name) and not recommenders.is_unit(name)
    elif kind == "outcome":
        assert regex.search(text)
        assert phrases.outcome(text) == (compiled.rule.outcome if compiled.rule.decisive else "other")
    elif kind == "attachment_strip":
        entry = phrases.attachment(text)
        if compiled.rule.effect == "skip_line":
            assert entry is None
        else:
            assert regex.search(text) and entry is not None
            assert (entry.title, entry.recommended, entry.number) == (
                expect["title"],
                expect.get("recommended", False),
                expect.get("number"),
            )
    elif kind == "title_strip":
        assert regex.search(text) and phrases.item_title(text)[0] == expect["title"]
    elif kind in ("role_word", "word_list"):
        assert any(w.casefold() in text.casefold() for w in compiled.rule.words)
    elif kind == "none_marker":
        cue = classifier().classify(text)
        assert people.is_none(cue.value if cue is not None and cue.value else text)
    elif kind == "abbreviation":
        assert compiled.rule.short in text
    elif kind == "fragment":
        assert re.search(regex_of_fragment(compiled), text)
    elif kind in _DOCUMENT_WORDS:
        _check_document_snippet(kind, compiled, example.text, expect)  # as printed: a letter's cells keep their tab
    else:
        pytest.fail(f"no check for rules of kind {kind}")


def _detect(text: str) -> float:
    return StandaloneLoader().detect(RawDocument(path="<text>", sha256="", text=text, encoding="utf-8"))


def _check_document_snippet(kind: str, compiled: Compiled, text: str, expect: dict) -> None:
    """The standalone loader reads the snippet: a date line gives its date, a letter's cells its subject and date, a
    title its kind; an item heading added to a real plan makes the plan not a standalone document."""
    if kind == "date_line":
        assert _dated(list(numbered([text]))) == (None, expect["date"])
    elif kind == "letter_date":
        subject, date = _dated(list(numbered([text])))
        assert subject is not None and (subject.text, date) == (expect["subject"], expect["date"])
    elif kind == "item_keyword":
        plan = PLAN.read_text(encoding="utf-8")
        assert _detect(plan) > 0 and _detect(f"{plan}\n{text}\n") == 0.0
    else:
        assert document_kind(text) == compiled.rule.kind


def regex_of_fragment(compiled: Compiled) -> str:
    from kommunegraf.loaders.vocabulary import expand

    return expand("{" + compiled.rule.name + "}", vocabulary().fragments, compiled.id)


@pytest.mark.parametrize(
    "compiled", [pytest.param(c, id=c.id) for kind, c in _rules() if kind in _EVERY_WORD | _DOCUMENT_WORDS]
)
def test_every_word_of_a_heading_label_or_document_rule_has_its_own_snippet(compiled):
    texts = [clean(e.text).casefold() for e in compiled.rule.examples]
    missing = [w for w in compiled.rule.words if not any(clean(w).casefold() in t for t in texts)]
    assert not missing, f"words without a real snippet: {missing}"


@cache
def _source_text(source: str) -> str:
    if source.startswith("seeds/"):
        return (EXAMPLES / source.removeprefix("seeds/")).read_text(encoding="utf-8")
    path = REALWORLD / source
    if path.suffix in (".pdf", ".html"):
        return read_document(path).text
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
        return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))
    raw = path.read_text(encoding="utf-8", errors="replace")
    return html.unescape(re.sub(r"<[^>]+>", " ", html.unescape(raw))) + "\n" + raw


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("kind", "compiled", "example"), [c for c in EXAMPLE_CASES if c.values[0] != "fragment"])
def test_every_snippet_is_printed_in_the_document_it_names(kind, compiled, example):
    assert _flat(example.text) in _flat(_source_text(example.source)), f"{example.source}: {example.text!r}"


# -- a malformed wording file is refused with its file and rule named -------------------


def _with(extra: str, name: str = "extra.toml") -> dict[str, str]:
    return {**wording_files(), name: extra}


def test_the_project_wording_loads():
    assert {"section", "label", "item_heading", "outcome"} <= set(vocabulary().rules)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            '[[section]]\nid = "section.x"\nwords = ["Sagens gang"]\nrole = "body"\nexamples = []\n',
            r"extra\.toml: \[\[section\]\] section\.x: examples",
            id="a rule without a real snippet",
        ),
        pytest.param(
            '[[section]]\nid = "section.decision"\nwords = ["Afgørelse"]\nrole = "decision"\n'
            'examples = [{ text = "Afgørelse", source = "pages/x.txt" }]\n',
            r"section\.decision: id already used in (?:extra|sections)\.toml",
            id="a rule id used twice",
        ),
        pytest.param(
            '[[outcome]]\nid = "outcome.broken"\npattern = "(godkendt"\noutcome = "approved"\n'
            'examples = [{ text = "Godkendt", source = "pages/x.txt" }]\n',
            r"outcome\.broken: bad pattern",
            id="a pattern that does not compile",
        ),
        pytest.param(
            '[[item_heading]]\nid = "item.x"\npattern = "Sag (?P<title>.+)"\nkeys = ["sag"]\nstrength = 3\n'
            'examples = [{ text = "Sag Meddelelser", source = "pages/x.txt" }]\n',
            r"item\.x: the pattern needs the named group\(s\) number",
            id="an item heading without its number group",
        ),
        pytest.param(
            '[[outcome]]\nid = "outcome.x"\npattern = "Godkendt"\noutcome = "approved"\ncontains = ["Godkendt"]\n'
            'examples = [{ text = "Godkendt", source = "pages/x.txt" }]\n',
            r"outcome\.x.*contains: 'Godkendt' is matched against lower-cased text",
            id="a prefilter word in capitals",
        ),
        pytest.param(
            '[[document_kind]]\nid = "document-kind.x"\nwords = ["Plan"]\nkind = "plan"\n'
            'examples = [{ text = "Beskaeftigelsesplan 2021", source = "seeds/x.txt" }]\n',
            r"extra\.toml: \[\[document_kind\]\] document-kind\.x: words.*'Plan' is searched in the case-folded title",
            id="a document kind's stem in capitals",
        ),
        pytest.param(
            '[[document_kind]]\nid = "document-kind.x"\nwords = ["budget"]\nkind = "budget"\n'
            'examples = [{ text = "Notat til 1. tekniske behandling budget 2026", source = "seeds/x.txt" }]\n',
            r"extra\.toml: \[\[document_kind\]\] document-kind\.x: kind",
            id="a document kind the records do not know",
        ),
        pytest.param(
            '[[date_line]]\nid = "date-line.x"\nwords = [" "]\n'
            'examples = [{ text = "Dato: 1. december 2020", source = "seeds/x.txt" }]\n',
            r"extra\.toml: \[\[date_line\]\] date-line\.x: words.*a blank word would match any text",
            id="a blank word",
        ),
        pytest.param(
            '[[letter_date]]\nid = "letter-date.x"\nwords = []\n'
            'examples = [{ text = "Den 3. januar 2013", source = "seeds/x.txt" }]\n',
            r"extra\.toml: \[\[letter_date\]\] letter-date\.x: words",
            id="a word rule without words",
        ),
    ],
)
def test_a_malformed_rule_is_refused_with_its_file_and_id(extra, message):
    with pytest.raises(VocabularyError, match=message):
        parse_files(_with(extra))


def test_an_unknown_kind_of_rule_is_refused():
    with pytest.raises(VocabularyError, match=r"extra\.toml: unknown kind of rule \[\[heading\]\]"):
        parse_files(_with('[[heading]]\nid = "x"\n'))


def test_a_file_that_is_not_toml_is_refused_with_its_name():
    with pytest.raises(VocabularyError, match=r"extra\.toml: not valid TOML"):
        parse_files(_with("[[section]\n"))


def test_new_wording_is_a_data_change(tmp_path: Path):
    """A municipality's own heading, added as data, is read without new code."""
    from kommunegraf.loaders.vocabulary import load_folder

    for name, text in wording_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "local.toml").write_text(
        '[[section]]\nid = "section.local-decision"\nwords = ["Udvalgets afgørelse"]\nrole = "decision"\n'
        'examples = [{ text = "Udvalgets afgørelse", source = "pages/x.txt" }]\n',
        encoding="utf-8",
    )
    from kommunegraf.loaders.cues import Classifier

    cue = Classifier(load_folder(tmp_path)).classify("Udvalgets afgørelse")
    assert cue is not None and (cue.rule, cue.role) == ("section.local-decision", "decision")
