"""The notify channels, one module each (webhook, smtp, tiktok), found by name by the bootstrap."""
