"""Tour check-in kiosk: check visitors in at the gate of a timed guided tour."""

__version__ = "0.1.0"
