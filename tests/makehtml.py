"""HTML minutes pages made from seed texts, built the way municipal portals render a meeting (test fixtures).

One page per meeting inside the site's navigation and footer: the title as
``<h1>``, the meeting facts as a definition list, the contents as a list,
each agenda item a ``<section>`` with an ``<h2>`` heading and ``<h3>``
section headings, tables as tables, and the attachments (Bilag) as links.
"""

from __future__ import annotations

import html
import re

SECTION_HEADINGS = frozenset(
    {
        "Indstilling", "Beslutning", "Beslutningen træffes af", "Beslutningskompetence", "Bilag", "Sagsfremstilling",
        "Sammendrag", "Indhold", "Baggrund", "Tidligere behandling", "Økonomiske konsekvenser og finansiering",
        "Yderligere deltagelse på mødet", "Afbud", "Resume", "Forvaltningen indstiller", "Beskrivelse",
    }
)  # fmt: skip
_ITEM = re.compile(r"^Punkt\s+\d+\s*:")
_FIELD = re.compile(r"^(Mødedato|Mødested|Mødedeltagere)\s+(.+)$")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_ATTACHMENT_COUNT = re.compile(r"^\d+ bilag", re.IGNORECASE)


def attachment_url(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60]
    return f"https://dagsordener.example.dk/bilag/{slug}.pdf"


def _plain(line: str) -> tuple[int, str]:
    """(heading level or 0, text without Markdown markup)."""
    found = _MARKDOWN_HEADING.match(line)
    text = _MARKDOWN_HEADING.sub("", line).replace("**", "").strip()
    return (len(found.group(1)) if found else 0), text


def make_html(text: str, *, site: str, markdown: bool = False) -> str:
    """``text`` as a portal's meeting page; returns the HTML source."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="da">',
        '<head><meta charset="utf-8"><title>Referat</title>',
        '<link rel="canonical" href="https://dagsordener.example.dk/moede/1"></head>',
        "<body>",
        f'<header class="site"><a href="/">{html.escape(site)}</a><nav><ul><li><a href="/politik">Politik</a></li>'
        '<li><a href="/dagsordener">Dagsordener og referater</a></li></ul></nav></header>',
        "<main>",
    ]
    in_section = in_list = in_table = in_dl = in_toc = False
    section = ""

    def close(*, keep_section: bool = True) -> None:
        nonlocal in_list, in_table, in_dl, in_toc, in_section
        for flag, tag in ((in_list, "</ul>"), (in_table, "</table>"), (in_dl, "</dl>"), (in_toc, "</table>")):
            if flag:
                out.append(tag)
        in_list = in_table = in_dl = in_toc = False
        if not keep_section and in_section:
            out.append("</section>")
            in_section = False

    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "\n".join(paragraph) + "</p>")
            paragraph.clear()

    for raw in text.split("\n"):
        if not raw.strip():
            end_paragraph()
            continue
        level, line = _plain(raw) if markdown else (0, raw.strip())
        escaped = html.escape(line)
        if line.startswith(("REFERAT", "Referat")) and not in_section and "<h1>" not in "".join(out):
            out.append(f"<h1>{escaped}</h1>")
        elif _ITEM.match(line):
            close(keep_section=False)
            out.append(f'<section class="punkt"><h2>{escaped}</h2>')
            in_section, section = True, ""
        elif line == "Indholdsfortegnelse":
            close()
            out.append(f"<h2>{escaped}</h2>")
            out.append('<table class="indhold">')
            in_toc = True
        elif in_toc and "\t" in line:
            title, _, page = line.rpartition("\t")
            title = html.escape(title.rstrip(". "))
            out.append(f"<tr><td>{title}</td><td>{html.escape(page.strip())}</td></tr>")
        elif _FIELD.match(line) and not in_section:
            field = _FIELD.match(line)
            assert field is not None
            if not in_dl:
                close()
                out.append('<dl class="moede">')
                in_dl = True
            out.append(f"<dt>{html.escape(field[1])}</dt><dd>{html.escape(field[2])}</dd>")
        elif line in SECTION_HEADINGS or (markdown and level >= 2):
            close()
            out.append(f"<h3>{escaped}</h3>")
            section = line
        elif "\t" in line:
            if not in_table:
                close()
                out.append("<table>")
                in_table = True
            cells = "".join(f"<td>{html.escape(cell.strip())}</td>" for cell in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
        elif section == "Bilag" and not _ATTACHMENT_COUNT.match(line):
            if not in_list:
                close()
                out.append('<ul class="bilag">')
                in_list = True
            out.append(f'<li><a href="{html.escape(attachment_url(line))}">{escaped}</a></li>')
        else:
            close()
            hard_break = markdown and raw.endswith("  ")  # Markdown's line break inside a paragraph
            paragraph.append(escaped + ("<br>" if hard_break else ""))
            continue
        end_paragraph()
    end_paragraph()
    close(keep_section=False)
    out += ["</main>", f"<footer><p>{html.escape(site)} · Rådhuset · Tlf. 4477 2000</p></footer>", "</body></html>"]
    return "\n".join(out) + "\n"
