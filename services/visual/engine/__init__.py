"""The procedural painter behind the offline image provider: numpy and Pillow, no model.

``still.render`` is the entry point; ``plan`` reads the prompt into a setting and a figure,
``palette`` turns style and mood into colour, ``indoor``/``outdoor`` and the place modules draw,
``finish`` grades the frame like film. Nothing here touches the network.
"""
