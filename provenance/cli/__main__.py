"""``python -m provenance.cli``: the ``provenance`` command."""

from . import main

main()
