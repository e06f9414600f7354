"""A Danish word list, for deciding whether a repaired word is a real word.

Built from wordfreq's Danish frequencies (shipped inside the wordfreq
package, so it works offline). Danish writes compounds as one word
("beskæftigelsesplan"), which no list holds in full, so a word also counts
when it splits into two listed words, with or without a linking "s" or "e"
("beskæftigelse" + "s" + "plan").
"""

from __future__ import annotations

from functools import cache

MIN_PART = 3
_LINKS = ("", "s", "e")


class Lexicon:
    def __init__(self, frequencies: dict[str, float]) -> None:
        self._frequencies = frequencies

    @classmethod
    @cache
    def danish(cls) -> Lexicon:
        from wordfreq import get_frequency_dict  # 14 MB, needed only where OCR damage is repaired

        return cls(get_frequency_dict("da", wordlist="small"))

    def frequency(self, word: str) -> float:
        """Frequency of a listed word, or of a compound's rarer part (halved); 0 when unknown."""
        word = word.casefold()
        direct = self._frequencies.get(word, 0.0)
        if direct:
            return direct
        return self._compound_frequency(word) / 2

    def __contains__(self, word: str) -> bool:
        return self.frequency(word) > 0

    def is_listed(self, word: str) -> bool:
        return word.casefold() in self._frequencies

    def _compound_frequency(self, word: str) -> float:
        best = 0.0
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, rest = word[:cut], word[cut:]
            head_frequency = self._frequencies.get(head, 0.0)
            if not head_frequency:
                continue
            for link in _LINKS:
                if not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < MIN_PART:
                    continue
                tail_frequency = self._frequencies.get(tail, 0.0)
                if tail_frequency:
                    best = max(best, min(head_frequency, tail_frequency))
        return best
