"""The graph as the Python API hands it out: the graph layer's ``Graph`` with its views for pandas and networkx.

The views live in ``kommunegraf.stores``; the graph layer does not reach up
to them (data flows one way), so the API, which sits above both, joins them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kommunegraf.graph.model import Graph as _Graph

if TYPE_CHECKING:
    import networkx
    import pandas


class Graph(_Graph):
    """A knowledge graph of minutes: ``nodes`` and ``relationships``, and views for notebooks."""

    @classmethod
    def adopt(cls, graph: _Graph) -> Graph:
        """``graph`` itself, as this class (it holds no state of its own: nothing is copied)."""
        graph.__class__ = cls
        return graph  # type: ignore[return-value]

    def to_networkx(self) -> networkx.MultiDiGraph:
        """This graph as a ``networkx.MultiDiGraph`` (see ``kommunegraf.stores.networkx_export``)."""
        from kommunegraf.stores.networkx_export import to_networkx

        return to_networkx(self)

    def to_dataframes(self) -> dict[str, pandas.DataFrame]:
        """pandas DataFrames per label and relationship type (see ``kommunegraf.stores.dataframes``)."""
        from kommunegraf.stores.dataframes import to_dataframes

        return to_dataframes(self)
