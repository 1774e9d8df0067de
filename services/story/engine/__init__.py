"""The offline writer's engine: a seeded, composable grammar (topic reading, premise, cast,
beats, forms, scene layout) and its templates and word lists in data/. Used by
providers/offline.py; no network."""
