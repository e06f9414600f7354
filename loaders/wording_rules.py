"""The kinds of rule the wording files hold, as data models that validate each rule's table.

Each kind is a TOML array of tables (``RULE_KINDS`` maps its name to its model):

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
  committee words);
- ``date_line``, ``letter_date``, ``item_keyword``, ``document_kind`` (``documents.toml``): a standalone
  document's date line, a letter's date cell, the item heading that makes a document minutes, title words
  (each kind's model says how its words are matched).

Patterns are Python regular expressions. Word lists are matched whole and
case-insensitively. Rules that the line classifier runs declare the first
word(s) a line starts with (``keys``), or ``start = "digit"``/``"any"``, so
a line is tried against a handful of rules, not all of them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


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

    @field_validator("words")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        if any(not word.strip() for word in value):
            raise ValueError("words: a blank word would match any text")
        return value


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


class DateLine(WordsRule):
    """The label of a document's date line, before a colon: "Dato: 1. december 2020" (any case)."""


class LetterDate(WordsRule):
    """The word before a letter's date in a cell of its own: "Den 3. januar 2013" (case as written)."""


class ItemKeyword(WordsRule):
    """The word of an item heading at a line's start ("Punkt 1", case as written): a document with one is minutes."""


class DocumentKind(WordsRule):
    """Stems of a title's words and the kind they name; tried in file order, the first stem the title holds wins."""

    kind: Literal["strategy", "policy", "plan", "report", "memo"]

    @field_validator("words")
    @classmethod
    def _lower_case(cls, value: list[str]) -> list[str]:
        for word in value:
            if word != word.casefold():
                raise ValueError(f"words: {word!r} is searched in the case-folded title; write it in lower case")
        return value


class Abbreviation(RuleData):
    short: str
    name: str


class Fragment(RuleData):
    name: str
    pattern: str


RULE_KINDS: dict[str, type[RuleData]] = {
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
    "date_line": DateLine,
    "letter_date": LetterDate,
    "item_keyword": ItemKeyword,
    "document_kind": DocumentKind,
}
