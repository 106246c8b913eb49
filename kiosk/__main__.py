"""``python -m kiosk``: the same program as the ``kiosk`` command."""

import sys

from kiosk.launcher import main

if __name__ == "__main__":
    sys.exit(main())
