"""Provides the plan's rules and operations: goals, objectives and actions, the SMART checks, the findings kept live and the filter."""
