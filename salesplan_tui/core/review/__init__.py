"""Provides reviews: the agenda, walking a review step by step, "since last time" and the one-on-one's Markdown."""
