"""Entry script of the frozen ``bucketferry-gui`` window (PyInstaller runs a script, not an
entry point): the same ``main`` as the installed gui script."""

import sys

from bucketferry.gui.app import main

sys.exit(main())
