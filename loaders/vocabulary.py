"""The Danish wording of minutes, as data: loaded from ``loaders/wording/*.toml``, validated, compiled.

Every rule has an id (``section.decision``, ``absence.var-fravaerende``) and
at least one example: a real snippet from a published document with the file
it comes from, and what the rule reads from it. The test suite runs every
rule on its examples, so adding a municipality's wording is a data change
with its own test, not new code.

The files hold these kinds of rule (each a TOML array of tables):

- ``fragment`` (``fragments.toml``): named pieces of pattern (``{date}``,
  ``{time}``) that other patterns use in braces;
- ``furniture``: page chrome and transcription-site text that is not minutes;
- ``label``: header labels ("Mødedato", "Medlemmer", "Afbud fra") and the
  role of their value;
- ``header_form``: one-line meeting headers ("REFERAT <udvalg> d. <dato>");
- ``doc_type``: what the document says it is (Referat, Dagsorden);
- ``item_heading``: the forms of an agenda item's heading ("Punkt 3:", "3.",
  "Nr.3 -", a number glued to its title, a number on a line of its own);
- ``toc_heading``, ``toc_group``, ``access``: contents lists, their groups
  ("A. Sager til afgørelse i byrådet") and open/closed marks;
- ``section``: headings inside an item and the role of their text
  (summary, recommendation, decision, competence, attachments, ...);
- ``decision_heading``: decision headings that name a committee and date;
- ``case_label``, ``case_scheme``: how case numbers are labelled and printed;
- ``role_word``, ``none_marker``, ``person_marker``, ``absence_phrase``:
  participant lists and absences;
- ``recommendation_phrase``, ``unit_form``, ``not_unit``: who recommends;
- ``previous_form``: earlier treatments;
- ``outcome``: how a decision's outcome is worded;
- ``attachment_strip``, ``title_strip``: what is printed around a title;
- ``presenter_phrase``: officials taking part in an item;
- ``abbreviation``: committee abbreviations that are unambiguous everywhere;
- ``word_list``: small closed lists (place words, title continuations,
  committee words).

Patterns are Python regular expressions. Word lists are matched whole and
case-insensitively. Rules that the line classifier runs declare the first
word(s) a line starts with (``keys``), or ``start = "digit"``/``"any"``, so
a line is tried against a handful of rules, not all of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kommunegraf.errors import KommunegrafError

WORDING_PACKAGE = "kommunegraf.loaders"
WORDING_FOLDER = "wording"


class VocabularyError(KommunegrafError):
    """A wording file is malformed; names the file and the rule."""


class Example(BaseModel):
    """A real snippet a rule reads, the file it comes from, and what the rule reads from it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    source: str  # path under the real-world corpus ("pages/x.txt") or a seed ("seeds/000_....txt")
    expect: dict[str, Any] = Field(default_factory=dict)


class RuleData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    note: str = ""
    examples: list[Example] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.\-]*", value):
            raise ValueError(f"rule id {value!r}: lower-case letters, digits, '.', '-', '_' only")
        return value


class PatternRule(RuleData):
    pattern: str
    flags: str = ""  # "i": case-insensitive
    keys: list[str] = Field(default_factory=list)  # first words of the lines it applies to (classifier rules)
    start: Literal["", "digit", "any"] = ""
    # for rules that may start with any word: text one of which the line must hold (lower case), so the pattern
    # is tried on few lines
    contains: list[str] = Field(default_factory=list)

    @field_validator("contains")
    @classmethod
    def _lower_case(cls, value: list[str]) -> list[str]:
        for word in value:
            if not word or word != word.lower():
                raise ValueError(f"contains: {word!r} is matched against lower-cased text; write it in lower case")
        return value


class WordsRule(RuleData):
    words: list[str] = Field(min_length=1)


class Furniture(PatternRule):
    pass


class Label(WordsRule):
    role: Literal[
        "date", "time", "end_time", "place", "committee", "members", "participants", "absent", "substitutes",
        "staff", "secretary", "remarks", "meeting_number", "meeting_type", "ignore", "history_committee",
        "history_date", "history_number", "competence", "case", "not_case",
    ]  # fmt: skip
    bare: bool = False  # the value may follow the label without a colon ("Mødested Byrådssalen")
    inline: bool = True  # the value may stand on the label's line


# Label roles of the meeting's header: the people lists, and the rest of what a header states.
PEOPLE_ROLES = frozenset({"members", "participants", "absent", "substitutes", "staff", "secretary"})
HEADER_ROLES = PEOPLE_ROLES | {"date", "time", "end_time", "place", "committee", "remarks", "meeting_number"}


class HeaderForm(PatternRule):
    pass


class DocType(WordsRule):
    kind: Literal["minutes", "agenda"]


class ItemHeading(PatternRule):
    strength: int = Field(ge=1, le=3)  # 3: a keyword ("Punkt"), 2: a numbered form, 1: a bare number
    title_next_line: bool = False  # the number stands alone; the title is the next line


class TocHeading(WordsRule):
    pass


class TocGroup(PatternRule):
    closed: bool = False


class Access(PatternRule):
    closed: bool = False


class Section(WordsRule):
    role: Literal[
        "summary", "body", "recommendation", "decision", "decided_by", "attachments", "previous", "routing",
        "absence", "history", "proposal",
    ]  # fmt: skip
    opener: bool = False  # in minutes that print no item headings, this heading starts an item
    inline: bool = False  # "Kompetence: Byrådet": the value may follow on the heading's line
    glued: bool = False  # "Beslutning Tilbagesendes ...": a decision opener may follow without a colon


class SectionForm(PatternRule):
    """A section heading with words that vary ("BESLUTNINGSFORSLAG FRA DD", "INDSTILLING FRA ...")."""

    role: Literal["summary", "body", "recommendation", "decision", "previous", "attachments", "decided_by", "routing"]


class DecisionHeading(PatternRule):
    pass


class CaseScheme(PatternRule):
    kle: bool = False
    bare: bool = False  # distinctive enough to be a case number on a line of its own


class WordList(WordsRule):
    pass


class RoleWord(WordsRule):
    pass


class NoneMarker(WordsRule):
    pass


class PersonMarker(PatternRule):
    effect: Literal["absent", "substitute", "no_party", "role"]


class AbsencePhrase(PatternRule):
    effect: Literal["absent", "attended", "item_absent", "item_absent_others", "left_after"]
    # the people of the "for" group, whom a substitute stood in for, were absent from the meeting (not where
    # they were only disqualified for some items: "da X var inhabil")
    replaced_absent: bool = True


class RecommendationPhrase(PatternRule):
    genitive: bool = False  # units named in the genitive, their "s" dropped ("Borgmesterens Afdelings")


class UnitForm(PatternRule):
    pass


class NotUnit(PatternRule):
    pass


class PreviousForm(PatternRule):
    pass


class MeetingReference(PatternRule):
    """Text naming the meeting's own committee (and date): "... til dagens møde i Kommunalbestyrelsen"."""


class Outcome(PatternRule):
    outcome: Literal[
        "noted", "approved", "approved_with_remarks", "recommended_to_council", "rejected", "postponed", "other"
    ]
    decisive: bool = True  # "other" readings ("Fremsendes ...", "Drøftet") yield to a decisive one later on


class Strip(PatternRule):
    effect: Literal["drop", "recommended", "closed", "skip_line", "number"] = "drop"


class PresenterPhrase(PatternRule):
    pass


class Abbreviation(RuleData):
    short: str
    name: str


class Fragment(RuleData):
    name: str
    pattern: str


_KINDS: dict[str, type[RuleData]] = {
    "fragment": Fragment,
    "furniture": Furniture,
    "label": Label,
    "header_form": HeaderForm,
    "doc_type": DocType,
    "item_heading": ItemHeading,
    "toc_heading": TocHeading,
    "toc_group": TocGroup,
    "access": Access,
    "section": Section,
    "section_form": SectionForm,
    "decision_heading": DecisionHeading,
    "case_scheme": CaseScheme,
    "word_list": WordList,
    "role_word": RoleWord,
    "none_marker": NoneMarker,
    "person_marker": PersonMarker,
    "absence_phrase": AbsencePhrase,
    "recommendation_phrase": RecommendationPhrase,
    "unit_form": UnitForm,
    "not_unit": NotUnit,
    "previous_form": PreviousForm,
    "meeting_reference": MeetingReference,
    "outcome": Outcome,
    "attachment_strip": Strip,
    "title_strip": Strip,
    "presenter_phrase": PresenterPhrase,
    "abbreviation": Abbreviation,
}

# Named groups a pattern of each kind must have: the readers rely on them.
_REQUIRED_GROUPS: dict[str, set[str]] = {
    "item_heading": {"number"},
    "decision_heading": set(),
    "case_scheme": set(),
    "absence_phrase": {"people"},
    "recommendation_phrase": {"units"},
    "previous_form": {"committee", "date", "number"},
    "meeting_reference": set(),
    "presenter_phrase": {"name"},
}
_CLASSIFIED = ("furniture", "header_form", "item_heading", "toc_group", "access", "decision_heading", "section_form")


@dataclass(frozen=True)
class Compiled:
    """A rule with its pattern compiled (``regex`` is None for word-list rules)."""

    kind: str
    rule: Any  # the rule's data model
    regex: re.Pattern[str] | None
    needs: re.Pattern[str] | None = None  # one of the rule's ``contains`` words, searched in lower-cased text

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class Vocabulary:
    """Every rule, by kind, compiled; and the small lookups the readers use."""

    rules: dict[str, list[Compiled]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # rule id -> file it is defined in
    _ids: dict[str, Compiled] = field(default_factory=dict, repr=False)
    _needs: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> list[Compiled]:
        return self.rules.get(kind, [])

    def needs(self, kind: str) -> re.Pattern[str] | None:
        """One of the words some rule of ``kind`` cannot do without, searched in lower-cased text; None where a
        rule of the kind names none (it may match any text)."""
        if kind not in self._needs:
            words = [w for c in self.of(kind) for w in (getattr(c.rule, "contains", None) or [None])]
            self._needs[kind] = None if None in words else _any_of(words)
        return self._needs[kind]

    def by_id(self, rule_id: str) -> Compiled:
        if not self._ids:
            self._ids.update({c.id: c for rules in self.rules.values() for c in rules})
        return self._ids[rule_id]

    def words(self, list_id: str) -> tuple[str, ...]:
        """A ``word_list``'s words (``word_list.place`` -> ("Mødelokale", ...))."""
        return tuple(self.by_id(list_id).rule.words)

    @property
    def fragments(self) -> dict[str, str]:
        return {c.rule.name: c.rule.pattern for c in self.of("fragment")}


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    """``{date}`` -> the fragment's pattern in a non-capturing group; fragments may use fragments."""

    def substitute(match: re.Match[str], depth: int = 0) -> str:
        name = match[1]
        if name not in fragments:
            raise VocabularyError(f"{where}: unknown fragment {{{name}}}")
        if depth > 5:
            raise VocabularyError(f"{where}: fragments nest too deep at {{{name}}}")
        inner = _PLACEHOLDER.sub(lambda m: substitute(m, depth + 1), fragments[name])
        return f"(?:{inner})"

    return _PLACEHOLDER.sub(substitute, pattern)


def words_pattern(words: Iterable[str]) -> str:
    """Alternatives for a word list, longest first, spaces flexible."""
    parts = sorted({w.strip() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in parts)


def _compile(kind: str, rule: Any, fragments: dict[str, str], where: str) -> Compiled:
    pattern = getattr(rule, "pattern", None)
    if pattern is None or kind == "fragment":
        return Compiled(kind, rule, None)
    flags = re.IGNORECASE if "i" in getattr(rule, "flags", "") else 0
    try:
        regex = re.compile(expand(pattern, fragments, where), flags)
    except re.error as error:
        raise VocabularyError(f"{where}: bad pattern: {error}") from None
    missing = _REQUIRED_GROUPS.get(kind, set()) - set(regex.groupindex)
    if missing:
        raise VocabularyError(f"{where}: the pattern needs the named group(s) {', '.join(sorted(missing))}")
    if kind in _CLASSIFIED and not (getattr(rule, "keys", None) or getattr(rule, "start", "")):
        raise VocabularyError(f"{where}: a classifier rule needs 'keys' (first words) or 'start'")
    contains = getattr(rule, "contains", None)
    return Compiled(kind, rule, regex, _any_of(contains) if contains else None)


def _any_of(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, dict.fromkeys(words))))


def parse_files(texts: dict[str, str]) -> Vocabulary:
    """Validate and compile wording files given as {file name: TOML text}."""
    raw: list[tuple[str, str, dict]] = []
    for name, text in sorted(texts.items()):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise VocabularyError(f"{name}: not valid TOML: {error}") from None
        for kind, entries in data.items():
            if kind not in _KINDS:
                raise VocabularyError(f"{name}: unknown kind of rule [[{kind}]]; known: {', '.join(_KINDS)}")
            if not isinstance(entries, list):
                raise VocabularyError(f"{name}: [[{kind}]] must be an array of tables")
            raw += [(name, kind, entry) for entry in entries]
    vocabulary = Vocabulary()
    models: list[tuple[str, str, Any]] = []
    for name, kind, entry in raw:
        where = f"{name}: [[{kind}]] {entry.get('id', '?')}"
        try:
            model = _KINDS[kind].model_validate(entry)
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise VocabularyError(f"{where}: {problems}") from None
        if model.id in vocabulary.files:
            raise VocabularyError(f"{where}: id already used in {vocabulary.files[model.id]}")
        vocabulary.files[model.id] = name
        models.append((name, kind, model))
    fragments = {m.name: m.pattern for _, kind, m in models if kind == "fragment"}
    for name, kind, model in models:
        compiled = _compile(kind, model, fragments, f"{name}: [[{kind}]] {model.id}")
        vocabulary.rules.setdefault(kind, []).append(compiled)
    return vocabulary


def wording_files() -> dict[str, str]:
    folder = resources.files(WORDING_PACKAGE).joinpath(WORDING_FOLDER)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir() if entry.name.endswith(".toml")}


@cache
def vocabulary() -> Vocabulary:
    """The project's wording, loaded once per process."""
    return parse_files(wording_files())


def load_folder(folder: str | Path) -> Vocabulary:
    """Wording files from another folder (to try a new municipality's wording before adding it)."""
    return parse_files({p.name: p.read_text(encoding="utf-8") for p in Path(folder).glob("*.toml")})
