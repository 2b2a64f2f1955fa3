"""``python -m bucketferry``: the same command as ``bucketferry``."""

import sys

from bucketferry.cli.main import main

sys.exit(main())
