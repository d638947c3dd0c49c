"""correspondent-app: the offline desk application of an OGA correspondent.

The package is layered: ``domain`` (pure rules), ``registry`` (SQLite),
``documents`` (PDF), ``exchange`` (HQ packages) and ``ui`` (PySide6). Only
``ui`` imports Qt.
"""

__version__ = "0.1.0"
