"""Provides the one date grammar: reading the phrases sellers use for a day or a span, and saying a day back in words."""
