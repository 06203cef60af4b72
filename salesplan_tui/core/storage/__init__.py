"""Provides the workspace's storage: one crash-safe TinyDB JSON file behind a small repository interface."""

from .errors import CorruptDatabase, ReadOnlyError, StorageError, ValidationFailed
from .repository import Repository

__all__ = ["CorruptDatabase", "ReadOnlyError", "Repository", "StorageError", "ValidationFailed"]
