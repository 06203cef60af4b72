"""Provides the Team view: the manager's roll-up in the app, and each rep's workspace opened read-only from it."""
