"""Provides the user's settings kept between runs, read from one config folder."""
