"""An item's title: joined where its heading wraps, without what is printed around it, and told where a line
under the heading prints it again."""

from __future__ import annotations

import re
from functools import lru_cache

from kommunegraf.loaders.item_context import Section
from kommunegraf.loaders.phrases import item_title
from kommunegraf.loaders.profiles import Unit
from kommunegraf.loaders.vocabulary import vocabulary


def read_title(raw: str | None, sections: list[Section], title_units: list[Unit]) -> tuple[str | None, bool]:
    """The printed title, joined where the heading wraps (the lines it takes go to ``title_units``), without what
    surrounds it, and whether it marks the item closed."""
    if raw is None:
        return None, False
    continues = vocabulary().words("word_list.title-continues")
    preamble = sections[0].units
    while preamble and not preamble[0].new_block and preamble[0].cue is None:
        last_word = raw.rsplit(" ", 1)[-1].casefold()
        following = preamble[0].text
        if last_word in continues or following[:1].islower() or raw.endswith(("-", ",")):
            raw = f"{raw} {following}"
            title_units.append(preamble.pop(0))
            continue
        break
    title, closed = item_title(raw)
    return title, closed


def same_title(text: str, title: str) -> bool:
    """Whether ``text`` prints ``title`` again (its words, whatever surrounds them)."""
    return bool(text) and _title_key(text) == _title_key(title)


_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)  # an item's title is compared with the lines under it more than once
def _title_key(text: str) -> str:
    """A title as compared: without what surrounds it, in lower case, only its words."""
    return _NOT_WORD.sub(" ", (item_title(text)[0] or "").casefold()).strip()
