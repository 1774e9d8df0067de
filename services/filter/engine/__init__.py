"""The offline semantic check's engine: MiniLM in numpy (minilm.py), the passages a story is
judged by (passages.py), and the trained head with its data (semantic.py, semantic.json).
services/filter/providers/semantic.py offers it as the "semantic" moderation provider."""
