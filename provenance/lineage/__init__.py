"""The lineage subsystem: where each text came from and who reused whom.

One module per idea: :mod:`.articles` cuts a file into its articles,
:mod:`.attribution` reads the agency an article credits, :mod:`.quotes` who
a quotation is attributed to, and :mod:`.graph` puts them together into each
document's segments and the report's lineage forest. Dates and agency names
are read with :mod:`provenance.cues`, which the boilerplate stage reads too.
"""

from .graph import RELATIONS, annotate, build_lineage, graph, noise_by_document, to_networkx

__all__ = ["RELATIONS", "annotate", "build_lineage", "graph", "noise_by_document", "to_networkx"]
