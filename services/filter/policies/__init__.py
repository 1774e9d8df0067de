"""Moderation policies: rule lists, the offline semantic check, and OpenAI moderation."""
