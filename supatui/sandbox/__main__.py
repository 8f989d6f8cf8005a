"""``python -m supatui.sandbox``: the same as ``supatui sandbox``."""

import sys

from supatui.cli import main

sys.exit(main(["sandbox", *sys.argv[1:]]))
