"""Provides the workspace's records, the Change every operation returns, the default sales process and the schema version."""
