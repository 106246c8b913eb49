"""The panels of the staff tools page: find a booking, see it, act on it, walk-ins, manifests."""
