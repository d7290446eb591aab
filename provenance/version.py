"""The package's version, at the bottom floor: reports and the command line
name it, and the package's ``__init__`` (which imports every floor) re-exports
it."""

__version__ = "0.1.0"
