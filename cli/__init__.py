"""The bucketferry command line: a client of the engine, like the window."""
