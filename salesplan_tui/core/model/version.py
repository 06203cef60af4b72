"""Provides the schema version of the workspace file: the records' shape that this salesplan reads and writes."""

SCHEMA_VERSION = 3
