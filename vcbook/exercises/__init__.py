"""Exercises: the exercise model, the randomised problem bank, widgets, and saved progress.

``progress`` holds the SQLite progress store (importable on its own; it needs no SymPy).
"""
