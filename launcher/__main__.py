"""``python -m bucketferry``: the same command as ``bucketferry``."""

import sys

from bucketferry.core.cli import main

sys.exit(main())
