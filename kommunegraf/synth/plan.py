"""What a synthetic meeting states, decided before it is written: the facts the gold files record.

A deterministic ``random.Random(seed)`` draws a world (per municipality its
committees, politicians with ballot letters, staff in centres, and the layout
its portal publishes) and then the meetings in date order, committee by
committee, so "Tidligere behandling" can point back to items of meetings
generated before. The same seed gives the same corpus on any machine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kommunegraf.reference.kle import MAIN_GROUP_TITLES
from kommunegraf.reference.municipalities import MUNICIPALITIES, Municipality
from kommunegraf.synth import vocabulary as v
from kommunegraf.text import slug

LAYOUTS = ("referat-text", "pdf-text", "referat-markdown")
LAYOUT_WEIGHTS = (5, 2, 3)
FIRST_DATE = dt.date(2010, 1, 4)
COMMITTEE_NAMES = v.committee_names()


@dataclass(frozen=True)
class Person:
    name: str
    party: str | None = None  # ballot letter of a politician
    title: str | None = None  # what staff are called in the participant list or a presenter sentence
    unit: str | None = None  # the centre a member of staff works in


@dataclass(frozen=True)
class Previous:
    committee: str
    date: dt.date
    number: int
    case: str | None


@dataclass
class Item:
    number: int
    title: str
    closed: bool
    case: str | None
    recommended_by: list[str]
    decided_by: str | None
    decision: str
    outcome: str
    remark: str | None
    attachments: list[tuple[str, bool, str | None]]  # title, recommended, number
    previous: list[Previous]
    presenters: list[Person]
    absent: list[Person]
    paragraphs: list[str]


@dataclass
class Meeting:
    municipality: Municipality
    committee: str
    term: str
    date: dt.date
    start_time: str
    location: str
    layout: str
    participants: list[tuple[Person, str | None, bool]]  # person, role printed, absent
    items: list[Item] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.municipality.stems[0]

    @property
    def file_stem(self) -> str:
        return f"{self.municipality.code}-{slug(self.committee)}-{self.date.isoformat()}"


@dataclass
class _Town:
    municipality: Municipality
    layout: str
    council: str
    committees: list[str]
    politicians: list[Person]
    staff: list[Person]
    leaders: list[Person]
    members: dict[str, list[Person]]  # committee -> politicians on it
    next_date: dict[str, dt.date]
    history: dict[str, list[tuple[dt.date, list[Item]]]]  # committee -> recent meetings
    item_counter: dict[tuple[str, int], int]  # (committee, year) -> last item number (running numbering)
    case_serial: int = 0


def _names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        middle = f" {rng.choice(v.MIDDLE_NAMES)}" if rng.random() < 0.25 else ""
        names.add(f"{rng.choice(v.FIRST_NAMES)}{middle} {rng.choice(v.LAST_NAMES)}")
    return sorted(names)


def _committees(rng: random.Random, count: int) -> list[str]:
    """``count`` committee names, none so like another that the graph's name resolution would merge them."""
    chosen: list[str] = []
    while len(chosen) < count:
        name = rng.choice(COMMITTEE_NAMES)
        if all(fuzz.ratio(name, other) < 80 for other in chosen):
            chosen.append(name)
    return chosen


def _town(rng: random.Random, municipality: Municipality) -> _Town:
    layout = rng.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
    council = rng.choice(v.COUNCILS)
    committees = _committees(rng, rng.randint(4, 6))
    names = _names(rng, 45)
    politicians = [Person(name, party=rng.choices(v.PARTY_LETTERS, v.PARTY_WEIGHTS)[0]) for name in names[:25]]
    centres = rng.sample(v.CENTRES, 5)
    staff = [
        Person(name, title=rng.choice(v.STAFF_TITLES), unit=f"Center for {centre}")
        for name, (centre, _) in zip(names[25:40], centres * 3, strict=False)
    ]
    staff += [Person(name, title=f"centerchef for {centre}", unit=f"Center for {centre}") for name, (centre, _) in
              zip(names[40:45], centres, strict=True)]  # fmt: skip
    leaders = [Person(name, title=rng.choice(v.LEADER_TITLES)) for name in _names(rng, 2) if name not in names]
    members = {c: rng.sample(politicians, 7) for c in committees}
    next_date = {c: FIRST_DATE + dt.timedelta(days=rng.randint(0, 34)) for c in committees}
    return _Town(municipality, layout, council, committees, politicians, staff, leaders, members, next_date, {}, {})


def _title(rng: random.Random, year: int) -> str:
    return rng.choice(v.TOPICS).format(
        year=year, n=rng.randint(100, 399), street=rng.choice(v.STREETS), pool=rng.choice(v.POOLS)
    )


def _case(rng: random.Random, town: _Town, year: int, markdown: bool) -> str:
    town.case_serial += 1
    group = rng.choice([g for g in MAIN_GROUP_TITLES if g not in ("86", "87", "88")])
    facet = rng.choice(("P35", "G01", "A00", "P20"))
    topic = f"{group}.{rng.randint(0, 9):02d}.{rng.choice((0, 0, 2, 10)):02d}"
    return (
        f"{topic}{facet}-{town.case_serial}-{year % 100:02d}"
        if markdown
        else (f"{topic}-{facet}-{town.case_serial}-{year % 100:02d}")
    )


def _item(rng: random.Random, town: _Town, meeting: Meeting, number: int, first: bool) -> Item:
    year = meeting.date.year
    markdown = meeting.layout == "referat-markdown"
    previous: list[Previous] = []
    earlier = [(d, i) for d, items in town.history.get(meeting.committee, []) for i in items if not i.closed]
    if earlier and rng.random() < 0.25:
        date, old = rng.choice(earlier[-40:])
        previous.append(Previous(meeting.committee, date, old.number, old.case))
    elif not first and rng.random() < 0.05:  # treated by the council before: a meeting not in the corpus
        previous.append(
            Previous(town.council, meeting.date - dt.timedelta(days=rng.randint(20, 90)), rng.randint(1, 30), None)
        )
    title = "Meddelelser" if first else _title(rng, year)
    closed = not first and meeting.layout != "pdf-text" and rng.random() < 0.06
    case = (
        None
        if meeting.layout == "pdf-text"
        else (previous[0].case if previous and previous[0].case else _case(rng, town, year, markdown))
    )
    if markdown:
        recommended_by = ["Forvaltningen"]
    elif first:
        recommended_by = []
    else:
        units = sorted({p.unit for p in town.staff if p.unit})
        recommended_by = rng.sample(units, 2 if rng.random() < 0.15 else 1)
    if first:
        decision, outcome = ("Taget til efterretning", "noted")
    else:
        decision, outcome = rng.choices(v.DECISIONS, v.DECISION_WEIGHTS)[0]
    remark = rng.choice(v.REMARKS) if outcome == "approved_with_remarks" else None
    attachments = []
    for index in range(0 if meeting.layout == "pdf-text" else rng.choice((0, 1, 1, 2, 3))):
        text = rng.choice(v.ATTACHMENT_TITLES).format(topic=title.lower(), year=year)
        label = f"{text} ({index + 1})" if any(a[0] == text for a in attachments) else text
        recommended = rng.random() < 0.5 and meeting.layout == "referat-text"
        attachments.append((label, recommended, f"{number}.{index + 1}" if recommended else None))
    officers = town.staff[:-5]  # not the centre heads, whose title is "centerchef for ..."
    presenters = [] if first or rng.random() < 0.7 else rng.sample(officers, rng.choice((1, 1, 2)))
    if markdown or meeting.layout == "pdf-text":
        presenters = presenters[:1]
    paragraphs = [" ".join(rng.sample(v.SENTENCES, rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
    decided_by = None if first else (town.council if outcome == "recommended_to_council" else meeting.committee)
    if closed:  # a closed item's minutes show its heading, decision and who decides, nothing more
        recommended_by, attachments, presenters = (
            ([], [], []) if meeting.layout == "referat-text" else (recommended_by, attachments, [])
        )
    return Item(number, title, closed, case, recommended_by, decided_by, decision, outcome, remark, attachments,
                previous, presenters, [], paragraphs)  # fmt: skip


def _meeting(rng: random.Random, town: _Town, committee: str, taken: set[tuple[str, dt.date]]) -> Meeting:
    date = town.next_date[committee]
    while (committee, date) in taken:  # see meetings(): one meeting of a committee name a day, nationwide
        date += dt.timedelta(days=1)
    taken.add((committee, date))
    town.next_date[committee] = date + dt.timedelta(days=rng.choice((28, 35, 35, 42)))
    term_start = 2010 + (date.year - 2010) // 4 * 4
    stem = town.municipality.stems[0]
    location = rng.choice(v.LOCATIONS).format(n=rng.randint(1, 40), stem=stem)
    members = town.members[committee]
    absent = set(rng.sample(range(len(members)), rng.choice((0, 0, 1, 1, 2))))
    participants: list[tuple[Person, str | None, bool]] = []
    for index, person in enumerate(members):
        role = v.POLITICAL_ROLES[index] if index < 2 and rng.random() < 0.5 else None
        participants.append((person, role, index in absent))
    for person in rng.sample(town.staff[-5:], 2) + town.leaders[:1]:
        participants.append((person, person.title, False))
    layout = town.layout
    hour = rng.choice(("08:00", "13:00", "15:30", "16:00", "17:00"))
    meeting = Meeting(town.municipality, committee, f"{term_start + 2}-{term_start + 5}", date, hour, location,
                      layout, participants)  # fmt: skip
    count = rng.randint(6, 14)
    year_key = (committee, date.year)
    start = town.item_counter.get(year_key, 0) if layout == "referat-markdown" else 0
    absent_people = [p for p, _, is_absent in participants if is_absent]
    for offset in range(count):
        item = _item(rng, town, meeting, start + offset + 1, first=offset == 0)
        if layout != "pdf-text":
            item.absent = absent_people[:]
        meeting.items.append(item)
    if layout == "referat-markdown":
        town.item_counter[year_key] = start + count
    town.history.setdefault(committee, []).append((date, meeting.items))
    del town.history[committee][:-12]
    return meeting


def meetings(count: int, seed: int) -> Iterator[Meeting]:
    """``count`` meetings, deterministic for ``seed``, spread over the municipalities and their committees
    (all 98 from 2,450 meetings on, about 25 meetings each below that).

    The corpus holds committee minutes; the councils (Kommunalbestyrelsen,
    Byrådet) appear as the body items are recommended to and as earlier
    treatments whose minutes are not in it. No two meetings share a committee
    name and a date, even in two municipalities: the scorer keys a gold meeting
    by (committee, date) before it checks the municipality.
    """
    rng = random.Random(seed)
    taken: set[tuple[str, dt.date]] = set()
    order = list(MUNICIPALITIES)
    rng.shuffle(order)
    del order[max(3, count // 25) :]  # a small corpus: fewer municipalities, each with a history of meetings
    towns: dict[str, _Town] = {}
    for index in range(count):
        municipality = order[index % len(order)]
        town = towns.get(municipality.code)
        if town is None:
            town = towns[municipality.code] = _town(rng, municipality)
        committee = min(town.committees, key=lambda c: (town.next_date[c], c))  # the committee that meets next
        yield _meeting(rng, town, committee, taken)
