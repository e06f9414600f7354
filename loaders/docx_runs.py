"""A paragraph's runs as text: its text, tabs, breaks and symbols in order; deleted text and a field's
instruction left out (of a field only its result is read).
"""

from __future__ import annotations

from kommunegraf.loaders.docx_xml import W, hex_value

# Symbol-font characters a paragraph may print with w:sym, as Unicode (Word stores them at U+F000 + code)
_SYMBOL_FONT = {0xB7: "•", 0x2D: "-", 0xAE: "→", 0xD7: "×"}
_SYMBOL_FONTS = ("symbol", "wingdings", "webdings")


class Runs:
    """A paragraph's runs, in order: text, tabs, breaks; deleted text and field instructions left out."""

    _SKIPPED = frozenset(
        f"{W}{name}"
        for name in (
            "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "drawing", "pict", "object",
            "footnoteReference", "endnoteReference", "commentReference", "annotationRef", "txbxContent", "sdtPr",
            "sdtEndPr",
        )
    )  # fmt: skip

    _TEXT = frozenset(f"{W}{name}" for name in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"))

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.fields: list[bool] = []  # per open field: whether its result has started

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in self._SKIPPED:
                continue
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag in self._TEXT and self.fields and not self.fields[-1]:
                continue  # inside a field's instruction
            if tag == f"{W}t":
                self.parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                self.parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                self.parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                self.parts.append("-")
            elif tag == f"{W}softHyphen":
                continue
            elif tag == f"{W}sym":
                self.parts.append(_symbol(child))
            elif "AlternateContent" in tag:
                continue  # drawings and text boxes
            else:
                self.walk(child)  # runs, hyperlinks, insertions, smart tags, content controls, simple fields


def _symbol(element) -> str:
    code = hex_value(element.get(f"{W}char"))
    if code is None or code > 0x10FFFF:
        return ""
    font = (element.get(f"{W}font") or "").lower()
    if code >= 0xF000:
        code -= 0xF000
    if font.startswith(_SYMBOL_FONTS):
        return _SYMBOL_FONT.get(code, "") if font.startswith("symbol") else ""
    character = chr(code)
    return character if character.isprintable() else ""
