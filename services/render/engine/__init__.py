"""The ffmpeg render engine behind ``providers/ffmpeg.py``: the filter graph, the camera's
moves, the soundtrack's mix, the generated drone and the burned-in captions."""
