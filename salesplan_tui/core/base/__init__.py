"""Provides what every part of the core stands on: the clock, where files live, showing user text safely, and the domain's errors."""
