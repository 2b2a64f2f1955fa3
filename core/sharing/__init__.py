"""Handing data to people without an account: share links (signed downloads, with an
index page for a folder) and request links (an upload page with a signed browser form)."""
