"""The SQLite registry: the correspondent's legal record (no Qt here)."""

from correspondent_app.registry.db import RegistryError, StorageError
from correspondent_app.registry.registry import Registry

__all__ = ["Registry", "RegistryError", "StorageError"]
