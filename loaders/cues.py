"""Which structural cue a line of minutes is: furniture, a label, a heading, an item's heading, a case number.

The classifier runs the wording's rules (``vocabulary``) on one line at a
time. Rules are indexed by the first word a line starts with, so a line is
tried against a handful of rules: most lines of minutes are prose and match
none. Cues say what a line is; the outline and the readers decide what it
means where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kommunegraf.loaders.vocabulary import Compiled, Vocabulary, vocabulary, words_pattern

_LETTERS = re.compile(r"[^\W\d_]+")
ANY_RULE_MAX_LENGTH = 160  # rules that may start with any word only look at lines this short
SEEN_LINES = 20_000  # classified lines remembered (a long document's lines; then the memory starts over)

# The kinds in the order they are tried: the first that matches names the line.
ORDER = (
    "furniture",
    "item_heading",
    "decision_heading",
    "section_form",
    "section",
    "toc_heading",
    "toc_group",
    "access",
    "doc_type",
    "label",
    "case",
    "header_form",
)


@dataclass(slots=True)
class Cue:
    """What a line is: ``kind`` (one of ``ORDER``), the rule that said so, and what it read."""

    kind: str
    rule: str
    role: str | None = None  # a section's or label's role
    value: str = ""  # text after the heading or label on the same line
    groups: dict[str, str] = field(default_factory=dict)
    colon: bool = False  # a label or heading followed by a colon
    compiled: Compiled | None = None


def first_key(text: str) -> str:
    """The dispatch key of a line: its first word in lower case, '#' for a digit, else its first character."""
    first = text[0]
    if first.isdigit():
        return "#"
    if first.isalpha():
        match = _LETTERS.match(text)
        return match[0].casefold() if match else first
    return first


@dataclass(frozen=True)
class _WordMatcher:
    compiled: Compiled
    regex: re.Pattern[str]


class Classifier:
    """The wording's line rules, indexed by first key."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        # entries: (rank of the kind, minus the length of a word (the longest word of a kind first), kind, rule)
        self._keyed: dict[str, list[tuple[int, int, str, object]]] = {}
        self._digit: list[tuple[int, int, str, object]] = []
        self._any: list[tuple[int, int, str, object]] = []
        for rank, kind in enumerate(ORDER):
            source_kind = "case_scheme" if kind == "case" else kind
            for compiled in vocab.of(source_kind):
                rule = compiled.rule
                if kind == "case" and not rule.bare:
                    continue
                if hasattr(rule, "words") and compiled.regex is None:
                    for word in rule.words:  # one matcher a word: "Møde nr." is tried before "Møde"
                        matcher = _WordMatcher(compiled, re.compile(rf"^(?:{words_pattern([word])})(?![\w])", re.I))
                        self._keyed.setdefault(first_key(word), []).append((rank, -len(word), kind, matcher))
                    continue
                entry = (rank, 0, kind, compiled)
                for key in rule.keys:
                    self._keyed.setdefault(key.casefold(), []).append(entry)
                if rule.start == "digit":
                    self._digit.append(entry)
                elif rule.start == "any":
                    self._any.append(entry)
        for rules in self._keyed.values():
            rules.sort(key=lambda entry: entry[:2])

        self._lists: dict[tuple[str, bool, bool], list[tuple[str, object, re.Pattern[str] | None]]] = {}
        # Lines already classified: detection and reading ask for the same lines, and headings, labels and
        # furniture recur from meeting to meeting. Cues are not changed once made, so they can be shared.
        self._seen: dict[tuple[str, bool], Cue | None] = {}
        self._openings: dict[str, list[_WordMatcher]] = {}  # first key -> section words a line may open with

    def candidates(self, text: str, forms: bool = False) -> list[tuple[str, object, re.Pattern[str] | None]]:
        """The rules a line is tried against, in order: (kind, rule, a word the lower-cased line must hold).
        ``forms``: the one-line header forms only; else every other kind."""
        key = first_key(text)
        short = len(text) <= ANY_RULE_MAX_LENGTH
        cached = self._lists.get((key, short, forms))
        if cached is None:
            found = list(self._keyed.get(key, ()))
            if key == "#":
                found += self._digit
            if short:
                found += self._any
            found = [entry for entry in found if (entry[2] == "header_form") == forms]
            found.sort(key=lambda entry: entry[:2])
            cached = self._lists[(key, short, forms)] = [
                (kind, rule, getattr(rule, "needs", None)) for _, _, kind, rule in found
            ]
        return cached

    def classify(self, text: str, header: bool = True) -> Cue | None:
        """The cue of one line (stripped text), or None for prose. ``header``: one-line meeting headers too
        (tried last: every other kind comes before them)."""
        if not text:
            return None
        key = (text, header)
        if key in self._seen:
            return self._seen[key]
        if header:
            cue = self.classify(text, header=False) or self._classify(text, forms=True)
        else:
            cue = self._classify(text, forms=False)
        if len(self._seen) >= SEEN_LINES:
            self._seen.clear()
        self._seen[key] = cue
        return cue

    def opening(self, text: str) -> Cue | None:
        """The section heading a line opens with, where the line goes on past it ("Beslutning i X den D"
        where the wording knows "Beslutning" only alone): a heading the wording may not know."""
        key = first_key(text)
        headings = self._openings.get(key)
        if headings is None:
            headings = self._openings[key] = [
                rule for kind, rule, _ in self.candidates(text) if kind == "section" and isinstance(rule, _WordMatcher)
            ]
        for rule in headings:
            match = rule.regex.match(text)
            if match and text[match.end() :].strip(" :"):
                return Cue("section", rule.compiled.id, role=rule.compiled.rule.role, compiled=rule.compiled)
        return None

    def _classify(self, text: str, forms: bool) -> Cue | None:
        lowered = None
        for kind, rule, needs in self.candidates(text, forms):
            if needs is not None:
                lowered = lowered or text.lower()
                if not needs.search(lowered):
                    continue
            cue = _word_cue(kind, rule, text) if isinstance(rule, _WordMatcher) else _pattern_cue(kind, rule, text)
            if cue is not None:
                return cue
        return None


def _pattern_cue(kind: str, compiled: Compiled, text: str) -> Cue | None:
    assert compiled.regex is not None
    if kind == "case":
        match = compiled.regex.match(text)
        if not match:
            return None
        if text[match.end() : match.end() + 1].isalnum():
            return None  # part of a longer token
        rest = text[match.end() :].strip()
        return Cue(kind, compiled.id, value=rest, groups=_groups(match), compiled=compiled)
    match = compiled.regex.fullmatch(text)
    if not match:
        return None
    groups = _groups(match)
    if kind == "item_heading" and not _heading_title_ok(compiled, groups):
        return None
    role = getattr(compiled.rule, "role", None)
    return Cue(kind, compiled.id, role=role, groups=groups, compiled=compiled)


def _heading_title_ok(compiled: Compiled, groups: dict[str, str]) -> bool:
    """A title starts like one: a capital, a digit, a quote or a parenthesis; a number alone waits for its title."""
    if compiled.rule.title_next_line:
        return True
    title = groups.get("title", "")
    return bool(title) and (title[0].isupper() or title[0].isdigit() or title[0] in "\"“”'(«")


_COLON_VALUE = re.compile(r"^\s*(?P<colon>:)?\s*(?P<value>.*)$", re.S)


def _word_cue(kind: str, matcher: _WordMatcher, text: str) -> Cue | None:
    match = matcher.regex.match(text)
    if not match:
        return None
    rest = _COLON_VALUE.match(text[match.end() :])
    assert rest is not None
    colon, value = bool(rest["colon"]), rest["value"].strip()
    rule = matcher.compiled.rule
    role = getattr(rule, "role", None)
    if value:
        if kind == "label":
            if not (colon or rule.bare) or not rule.inline:
                return None
        elif kind == "section":
            glued = rule.glued and _opens_decision(value)
            if not (rule.inline or glued or (colon and rule.role == "decision")):
                return None
        elif kind == "doc_type":
            if value.strip(". "):
                return None
        else:  # toc headings and other word lists stand alone
            return None
    return Cue(kind, rule.id, role=role, value=value, colon=colon, compiled=matcher.compiled)


def _opens_decision(value: str) -> bool:
    """ "Beslutning Tilbagesendes ...": text glued to a decision heading must open like a decision."""
    return any(c.regex is not None and c.regex.match(value) for c in vocabulary().of("outcome"))


def _groups(match: re.Match[str]) -> dict[str, str]:
    return {k: v.strip() for k, v in match.groupdict().items() if v is not None}


@cache
def classifier() -> Classifier:
    return Classifier(vocabulary())
