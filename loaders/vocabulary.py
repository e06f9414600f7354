"""The Danish wording of minutes and standalone documents, as data: ``loaders/wording/*.toml``, validated, compiled.

Every rule has an id (``section.decision``, ``absence.var-fravaerende``) and
at least one example: a real snippet from a published document with the file
it comes from, and what the rule reads from it. The test suite runs every
rule on its examples, so adding a municipality's wording is a data change
with its own test, not new code.

The kinds of rule the files hold, and what each rule's table may say, are
``wording_rules``; this module reads the files, validates each table against
its kind, expands the ``{fragment}`` placeholders and compiles the patterns. Word-list rules are not compiled
here: their reader builds its pattern around the words (``standalone`` puts a colon and a date after a
``date_line``'s label).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kommunegraf.errors import KommunegrafError
from kommunegraf.loaders.wording_rules import RULE_KINDS

WORDING_PACKAGE = "kommunegraf.loaders"
WORDING_FOLDER = "wording"


class VocabularyError(KommunegrafError):
    """A wording file is malformed; names the file and the rule."""


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
            if kind not in RULE_KINDS:
                raise VocabularyError(f"{name}: unknown kind of rule [[{kind}]]; known: {', '.join(RULE_KINDS)}")
            if not isinstance(entries, list):
                raise VocabularyError(f"{name}: [[{kind}]] must be an array of tables")
            raw += [(name, kind, entry) for entry in entries]
    vocabulary = Vocabulary()
    models: list[tuple[str, str, Any]] = []
    for name, kind, entry in raw:
        where = f"{name}: [[{kind}]] {entry.get('id', '?')}"
        try:
            model = RULE_KINDS[kind].model_validate(entry)
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
