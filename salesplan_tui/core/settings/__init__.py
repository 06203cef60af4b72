"""Provides the user's settings, read through one model (model.Settings) from one config folder (store)."""
