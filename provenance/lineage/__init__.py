"""The lineage subsystem: where each text came from and who reused whom.

One module per idea: :mod:`.articles` cuts a file into its articles,
:mod:`.attribution` reads the agency an article credits, :mod:`.quotes` who
a quotation is attributed to; :mod:`.segments` puts them together into each
document's articles, and :mod:`.graph` draws the report's lineage forest.
Dates and agency names are read with :mod:`provenance.cues`, which the
boilerplate stage reads too.
"""

from .graph import RELATIONS, build_lineage, graph, to_networkx
from .segments import annotate, noise_by_document

__all__ = ["RELATIONS", "annotate", "build_lineage", "graph", "noise_by_document", "to_networkx"]
