"""``python -m supatui``: the same as the ``supatui`` command."""

import sys

from supatui.cli import main

sys.exit(main())
