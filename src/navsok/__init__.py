"""navsok: full-text search for Norwegian text."""

__version__ = "0.1.0"
