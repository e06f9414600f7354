"""Danish national ballot letters (partibogstaver) and the parties they stand for.

A letter not listed here (a local list such as "UP") is still a party; it is
given no name rather than a guessed one.
"""

from __future__ import annotations

NATIONAL_PARTIES: dict[str, str] = {
    "A": "Socialdemokratiet",
    "B": "Radikale Venstre",
    "C": "Det Konservative Folkeparti",
    "D": "Nye Borgerlige",
    "F": "SF - Socialistisk Folkeparti",
    "I": "Liberal Alliance",
    "K": "Kristendemokraterne",
    "M": "Moderaterne",
    "O": "Dansk Folkeparti",
    "Q": "Frie Grønne",
    "V": "Venstre",
    "Æ": "Danmarksdemokraterne",
    "Ø": "Enhedslisten",
    "Å": "Alternativet",
}


def party_name(letter: str) -> str | None:
    return NATIONAL_PARTIES.get(letter.strip().upper())
