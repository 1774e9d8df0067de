"""The offline writer's engine: a seeded template grammar (topic reading, cast, line picking,
arc, scene layout) and its word lists in data/. Used by providers/offline.py; no network."""
