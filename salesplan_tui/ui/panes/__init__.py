"""Provides the app's panes: Plan, Pipeline, Review, Agenda and Accounts."""
