"""The ``provenance`` command: parse options, call the library, print, exit.

Settings come from the defaults, then ``[tool.provenance]`` in the nearest
``pyproject.toml`` (or ``--config FILE``), then the options given here.

Exit codes: ``scan``, ``graph`` and ``index`` exit 0 when they ran (findings
are not failures); ``clean`` exits 1 when it changed (or, with
``--check``/``--diff``, would change) a file or could not write one, 0 when
nothing needed doing; ``check`` exits 1 when it found what fails it, 0
otherwise. All exit 2 on usage errors such as a path that does not exist, a
bad configuration, or an index or baseline that cannot be used.
"""

from __future__ import annotations

from . import cleaning, gate, reports  # noqa: F401  (each registers its commands on main)
from .common import main

__all__ = ["main"]
