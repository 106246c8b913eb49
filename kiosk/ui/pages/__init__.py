"""The kiosk's full-screen pages; each is thin: it shows values and emits what was touched."""
