"""Provides the modal screens: forms, prompts, the deal detail and the help screen."""
