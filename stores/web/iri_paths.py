"""Where a resource's pages live: the path of its IRI, on the server and in the static site.

An IRI under the base is served at its own path: with the default base,
``https://w3id.org/kommunegraf/id/municipality/151`` is
``http://127.0.0.1:PORT/kommunegraf/id/municipality/151``, and the site holds
its documents in ``kommunegraf/id/municipality/151/index.{html,ttl,jsonld}``. A
site published for the host its base names (``--base-iri
https://data.example.dk/id/``, hosted at that host's root) resolves every IRI
as it is; under w3id.org, one redirect rule maps the base to where the site is.

Links between pages are relative (``../../item/2/``), from the folder of one
resource to the folder of another, so the site works from any folder of any
web server, a CDN included, and a plain static file server finds
``index.html`` in the folder.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

DOCUMENTS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json"}
_SAFE = "/:@-._~!$&'()*+,;=%"  # what a path keeps unencoded (RFC 3986 pchar and "/", and escapes already made)


class IriSpace:
    """The IRIs under one base and their paths."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.base = base
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def contains(self, iri: str) -> bool:
        return iri.startswith(self.base) and len(iri) > len(self.base) and "#" not in iri and "?" not in iri

    def path(self, iri: str) -> str:
        """The absolute path of an IRI under the base: ``/kommunegraf/id/municipality/151``."""
        return quote(iri[len(self.origin) :], safe=_SAFE)

    def iris_at(self, path: str) -> list[str]:
        """The IRIs a request path may name: as sent (percent-encoded) and decoded (an IRI's own letters)."""
        candidates = [self.origin + path]
        decoded = self.origin + unquote(path)
        if decoded != candidates[0]:
            candidates.append(decoded)
        return [iri for iri in candidates if self.contains(iri)]

    def folder(self, iri: str) -> str | None:
        """The site's folder of a resource, relative to the site's root, as the file system names it (decoded);
        ``None`` for an IRI whose path cannot be a folder (empty, ``.`` or ``..`` segments, an encoded slash)."""
        segments = unquote(iri[len(self.origin) :]).split("/")[1:]
        raw = iri[len(self.origin) :].split("/")[1:]
        if len(segments) != len(raw) or any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments):
            return None
        return "/".join(segments)


def href(from_path: str, to_path: str) -> str:
    """A relative link from the page of the resource at ``from_path`` to the page of the one at ``to_path``
    (its folder, where ``index.html`` is); paths are ``IriSpace.path`` values, or "/" for the site's root."""
    here = [s for s in from_path.split("/") if s]
    there = [s for s in to_path.split("/") if s]
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    steps = [".."] * (len(here) - common) + there[common:]
    if not steps:
        return "./"
    relative = "/".join(steps) + "/"
    return "./" + relative if ":" in steps[0] else relative  # "a:b/" would read as a scheme
