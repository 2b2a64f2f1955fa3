"""Bucket Ferry: sync a local folder with a bucket, and see exactly what will happen first.

The engine is :mod:`bucketferry.core`, the window :mod:`bucketferry.gui`.
"""
