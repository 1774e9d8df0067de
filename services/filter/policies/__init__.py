"""Moderation policies that need no network: rule lists now, a semantic check later."""
