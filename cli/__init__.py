"""The bucketferry command line: a client of the engine, like the window.

The entry point is :func:`bucketferry.cli.main.main`.
"""
