"""The PySide6 desktop application. Holds no rule and no SQL: it calls the
domain, registry and documents services."""
