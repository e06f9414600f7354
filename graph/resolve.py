"""Which printed names mean the same committee or administrative unit.

Minutes misspell and inflect names: "Erhvervs-, Beskæftigelses-, og
Uddannelsesudvalget" for "Erhvervs-, Beskæftigelses- og
Uddannelsesudvalget", "Erhverv- og Beskæftigelsesudvalgets" (genitive),
"Center for Arbejdsmarkedet" for "Center for Arbejdsmarked".

The rule, applied per municipality and kind (committee or unit):

1. A name is normalised: NFC, case folded, whitespace collapsed, and a
   genitive "-ets"/"-ens" ending made nominative ("udvalgets" -> "udvalget").
2. Two names are the same when their rapidfuzz ``fuzz.ratio`` (normalised
   Indel similarity, 0-100) is at least ``SIMILARITY`` and they contain the
   same numbers. 92 merges the misspellings above (96-99) and keeps apart
   names that differ by a word: "Center for By og Miljø" and "Center for By,
   Erhverv og Miljø" (83), "Børne- og Skoleudvalget" and "Børne- og
   Ungeudvalget" (84).
3. Names are clustered greedily, most mentioned first; each cluster is named
   by its most mentioned spelling (ties: alphabetical). Counts do not depend
   on the order documents are loaded in, so neither do the clusters.
4. A municipality has one council: "Byrådet", "byrådet", "Byråd" and "Odense
   Byråd" (in Odense) are one committee, as are "Kommunalbestyrelsen" and
   "Tønder Kommunalbestyrelse" (in Tønder), named by the spelling that names
   the town where one does. A council named with another town is not merged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz

from kommunegraf.graph.model import Graph, Node
from kommunegraf.records import Spelling
from kommunegraf.reference.municipalities import by_code
from kommunegraf.text import clean, nominative

SIMILARITY = 92.0


def normalise(name: str) -> str:
    return nominative(name).casefold()


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


_COUNCIL = re.compile(
    r"^(?:(?P<town>[A-ZÆØÅ][\w\-]+(?:[ -][A-ZÆØÅ][\w\-]+)?)s?\s+)?(?P<body>byråd|kommunalbestyrelse)(?:et|en)?$",
    re.IGNORECASE,
)


def council_key(name: str, towns: Iterable[str]) -> str | None:
    """The council a name means in a municipality with these town names ("Odense Byråd" -> "council:byråd")."""
    match = _COUNCIL.match(clean(name))
    if not match:
        return None
    town = match["town"]
    if town and town.casefold() not in {t.casefold() for t in towns}:
        return None
    return f"council:{match['body'].casefold()}"


class NameResolver:
    """Maps every printed spelling to the canonical name of its cluster.

    ``towns``: the municipality's names ("Odense"), so its council's spellings cluster as one.
    """

    def __init__(self, spellings: Iterable[str], towns: Iterable[str] = ()) -> None:
        self._towns = tuple(towns)
        counts = Counter(nominative(s) for s in spellings if clean(s))
        by_norm: dict[str, Counter[str]] = {}
        for spelling, count in counts.items():
            by_norm.setdefault(self._norm(spelling), Counter())[spelling] += count
        ranked = sorted(by_norm, key=lambda n: (-sum(by_norm[n].values()), n))
        clusters: list[tuple[str, Counter[str]]] = []  # (representative normal form, spellings)
        assignment: dict[str, int] = {}
        for norm in ranked:
            for index, (representative, _) in enumerate(clusters):
                if _numbers(norm) == _numbers(representative) and fuzz.ratio(norm, representative) >= SIMILARITY:
                    clusters[index][1].update(by_norm[norm])
                    assignment[norm] = index
                    break
            else:
                assignment[norm] = len(clusters)
                clusters.append((norm, Counter(by_norm[norm])))
        self._canonical = {norm: self._name(norm, clusters[index][1]) for norm, index in assignment.items()}
        self._answers: dict[str, str] = {}

    def _norm(self, spelling: str) -> str:
        return council_key(spelling, self._towns) or normalise(spelling)

    @staticmethod
    def _name(norm: str, spellings: Counter[str]) -> str:
        """A cluster's name: its most mentioned spelling; a council's, the spelling that names the town, else the
        usual one in capitals."""

        def most_mentioned(kv: tuple[str, int]) -> tuple:
            return (-kv[1], kv[0])

        def naming_the_town(kv: tuple[str, int]) -> tuple:
            return (-len(kv[0].split()), not kv[0][:1].isupper(), *most_mentioned(kv))

        best = naming_the_town if norm.startswith("council:") else most_mentioned
        return min(spellings.items(), key=best)[0]

    def canonical(self, spelling: str) -> str:
        """The cluster's name for ``spelling`` (the spelling itself when it was never seen)."""
        answer = self._answers.get(spelling)
        if answer is None:
            answer = self._answers[spelling] = self._canonical.get(self._norm(spelling), nominative(spelling))
        return answer


def _towns(code: str) -> tuple[str, ...]:
    known = by_code(code)
    return known.stems if known else ()


class BuildNames:
    """One resolver per (municipality, kind), fed with every spelling in the whole build."""

    def __init__(self, spellings: Iterable[Spelling]) -> None:
        committees: dict[str, list[str]] = {}
        units: dict[str, list[str]] = {}
        for code, kind, name in spellings:
            (committees if kind == "committee" else units).setdefault(code, []).append(name)
        self._committees = {code: NameResolver(names, _towns(code)) for code, names in committees.items()}
        self._units = {code: NameResolver(names) for code, names in units.items()}

    def committee(self, code: str, name: str) -> str:
        resolver = self._committees.get(code)
        return resolver.canonical(name) if resolver else clean(name)

    def unit(self, code: str, name: str) -> str:
        resolver = self._units.get(code)
        return resolver.canonical(name) if resolver else clean(name)


def items_mentioning(graph: Graph, municipality: str, title: str) -> Iterator[Node]:
    """The agenda items of ``municipality`` whose title or summary names a document's ``title``.

    A document (a plan, a strategy) is linked to the items that discuss it by
    its title; only the municipality's own items are searched.
    """
    wanted = title.casefold()
    for item in list(graph.of_label("AgendaItem")):
        if not item.id.startswith(municipality + "/"):
            continue
        text = " ".join(str(item.properties.get(k) or "") for k in ("title", "summary")).casefold()
        if wanted in text:
            yield item
