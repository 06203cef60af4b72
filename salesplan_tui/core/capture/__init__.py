"""Provides capture from the shell: a judged sentence saved as an action, or left in the inbox while the app holds the workspace."""
