"""The facts a synthetic meeting states, as a gold file ``../shared/eval/score.py`` reads (see its CONVENTIONS.md)."""

from __future__ import annotations

from typing import Any

from kommunegraf.synth.plan import Item, Meeting


def _item(item: Item) -> dict[str, Any]:
    decision = f"{item.decision} {item.remark}" if item.remark else item.decision
    return {
        "number": item.number,
        "title": item.title,
        "case": item.case,
        "closed": item.closed,
        "outcome": item.outcome,
        "decision": decision,
        "decided_by": item.decided_by,
        "recommended_by": list(item.recommended_by),
        "attachments": [{"title": title, "recommended": recommended} for title, recommended, _ in item.attachments],
        "previous": [{"committee": p.committee, "date": p.date.isoformat(), "number": p.number} for p in item.previous],
        "presenters": [{"name": p.name, "role": p.title, "org": p.unit} for p in item.presenters],
        "absent": [p.name for p in item.absent],
    }


def gold(meeting: Meeting, source: str) -> dict[str, Any]:
    headed = meeting.layout != "pdf-text"
    listed = meeting.layout == "referat-text"  # only this layout prints a participant list
    attended = [{"name": p.name, "role": role} for p, role, absent in meeting.participants if listed and not absent]
    absent = [p.name for p, _, is_absent in meeting.participants if is_absent] if headed else []
    parties: dict[str, str] = {}
    if listed:
        parties.update({p.name: p.party for p, _, _ in meeting.participants if p.party})
    for item in meeting.items:
        parties.update({p.name: p.party for p in item.absent if p.party})
    works_in: list[list[str]] = []
    if listed:
        works_in += [[p.name, p.unit] for p, _, _ in meeting.participants if p.unit]
    if meeting.layout != "referat-markdown":
        works_in += [[p.name, p.unit] for item in meeting.items for p in item.presenters if p.unit]
    unique_works_in = [list(pair) for pair in dict.fromkeys(tuple(pair) for pair in works_in)]
    items = [_item(item) for item in meeting.items]
    if meeting.layout == "referat-markdown":  # its presenter sentences name no unit
        for entry in items:
            for presenter in entry["presenters"]:
                presenter["org"] = None
    return {
        "source": source,
        "municipality": {"name": meeting.municipality.name, "code": meeting.municipality.code},
        "meeting": {
            "committee": meeting.committee,
            "date": meeting.date.isoformat(),
            "start_time": meeting.start_time if headed else None,
            "location": meeting.location if headed else None,
        },
        "attended": attended,
        "absent": absent,
        "parties": parties,
        "works_in": unique_works_in,
        "items": items,
        "documents": [],
    }
