"""Versioned prompt templates for the hosted writers (read by services.story.prompt)."""
