"""Provides `salesplan serve`: the app in a browser for a one-on-one, behind a token, on this machine only."""
