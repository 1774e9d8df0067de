"""Voice providers, one module each, named as GRIMREEL_VOICE_PROVIDER names them; each exposes
``PROVIDER`` (see shared.providers.registry). Engines live in services/tts/engine."""
