"""Provides the manager's roll-up: many reps' workspaces and exports read read-only, summed per rep and for the team."""
