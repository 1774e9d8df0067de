"""The caption font that ships with the project, so no system font is needed.

Lato Black, SIL Open Font License 1.1 (fonts/OFL.txt), taken from the ``font-lato`` wheel.
"""

from pathlib import Path

FONTS_DIR = Path(__file__).parent / "fonts"
FONT_FILE = FONTS_DIR / "Lato-Black.ttf"
FONT_NAME = "Lato Black"  # the family name libass matches in the ASS styles
