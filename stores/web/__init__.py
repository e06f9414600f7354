"""The graph on the web: a SPARQL 1.1 endpoint, resolvable IRIs and a static site of the same pages.

``server`` serves a folder written by ``kommunegraf build`` or ``export --format rdf``
(``dataset`` loads it into pyoxigraph): the SPARQL 1.1 Protocol at ``/sparql``
(``sparql_protocol``) and a page per resource at the path of its IRI
(``describe`` gathers what the data says of a resource, ``pages`` renders it as
HTML, ``documents`` as Turtle and JSON-LD, ``iri_paths`` maps IRIs to paths).
``site`` writes the same pages as files, with the web server configuration for
content negotiation (``server_config``).
"""
