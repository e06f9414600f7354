"""HTTP content negotiation: the offered media type an ``Accept`` header prefers (RFC 9110 §12.5.1)."""

from __future__ import annotations


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """``text/html;q=0.9, */*;q=0.1`` -> [(media range, q, specificity)]."""
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        media = media.lower()
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float, int]]) -> float:
    """The q of the most specific range that matches ``offer``; 0 where none does."""
    best: tuple[int, float] | None = None
    for media, q, specificity in ranges:
        matches = media == offer or media == "*/*" or (specificity == 1 and offer.startswith(media[:-1]))
        if matches and (best is None or specificity > best[0]):
            best = (specificity, q)
    return best[1] if best else 0.0


def choose(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); the first offer without ``Accept``; ``None``
    when the client accepts none of them (406)."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best
