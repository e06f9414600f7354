"""kommunegraf: a knowledge graph of Danish municipal committee minutes.

Data flows one way: files -> ``kommunegraf.loaders`` (typed records, see
``kommunegraf.records``) -> ``kommunegraf.graph`` (identity, merging,
provenance) -> ``kommunegraf.stores`` (node-link JSON, later Neo4j and RDF).
"""

from kommunegraf.errors import KommunegrafError, LoaderError, UnsupportedDocumentError

__version__ = "0.1.0"

__all__ = ["KommunegrafError", "LoaderError", "UnsupportedDocumentError", "__version__"]
