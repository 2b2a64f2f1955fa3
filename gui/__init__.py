"""Bucket Ferry's desktop application (PySide6). Talks to the engine only through its API."""
