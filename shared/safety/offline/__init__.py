"""The offline judge: MiniLM in numpy (minilm.py), sentence windows (windows.py), and the trained
head with its calibrated thresholds (judge.py, judge.json). The filter stage offers it as the
"offline" moderation provider; the gateway, CLI and scheduler judge topics with it."""
