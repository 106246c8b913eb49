"""``python -m kiosk``: the same program as the ``kiosk`` command."""

import sys

from kiosk.launcher import main

sys.exit(main())
