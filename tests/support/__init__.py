"""Helpers that give tests real services (PostgreSQL, CUPS) instead of mocks."""
