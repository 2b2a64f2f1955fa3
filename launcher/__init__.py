"""Bucket Ferry: sync a local folder with a bucket, and see exactly what will happen first.

The engine is :mod:`bucketferry.core`; its two clients are the command line,
:mod:`bucketferry.cli`, and the window, :mod:`bucketferry.gui`.
"""
