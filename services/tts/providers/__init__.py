"""Voice providers, one module each, named as GRIMREEL_VOICE_PROVIDER names them; each exposes
``PROVIDER`` (see shared.providers.registry). Nothing else belongs here: engines live in ../engine."""
