"""Dialogs, one module each, named by what the user sees."""
