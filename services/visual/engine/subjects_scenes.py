"""Places big enough to be the whole frame, painted by the older scene painters.

Their pen drawing is empty: `scene` names the painter (indoor.py / outdoor.py) that draws the
full frame, and the framing crops it (close-up, low angle) or looks at it through a door or a
window like any other subject.
"""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject

W = "forest|woods|trail|path|pines|trees|clearing|campsite"


def _whole_frame(p: Pen) -> None:
    """Nothing to add: the scene painter draws it all."""


for name, words, where, scene in (
    ("corridor", "hallway|hall|corridor|passage|hospital ward|motel hallway", "in", "corridor"),
    ("staircase", "stairs|stairway|staircase|steps|stairwell|banister", "in", "stairs"),
    ("door", "doors|doorway|front door|bedroom door|door ajar", "in", "door"),
    ("window", "windows|windowsill|curtain|curtains|lace curtain|window pane", "in", "window"),
    ("house", "farmhouse|mansion|manor|cottage|home|homestead", "out", "house"),
    ("graveyard", "cemetery|churchyard|grave|graves|tombstone|headstone", "out", "church"),
    ("road", "highway|dark road|country road|car|headlights|driveway", "out", "road"),
    ("forest_path", W, "out", "forest"),
    ("sea", "ocean|shore|beach|coast|waves|black sea|tide", "out", "sea"),
    ("cornfield", "corn|field|fields|crops|wheat|scarecrow|farm", "out", "field"),
):
    subject(name, words, "place", where=where, light="moon", scene=scene)(_whole_frame)
