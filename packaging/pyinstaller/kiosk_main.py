"""Entry point of the one-folder build: the same ``kiosk`` command as the installed package."""

import os
import sys

# kiosk-gui.exe (Windows, no console) has no standard streams; the kiosk's one-sentence
# messages must not fail for want of a terminal (the details are in kiosk.log anyway).
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from kiosk.launcher import main

if __name__ == "__main__":
    sys.exit(main())
