"""Contrastive training sentences for the semantic head, built from templates (augment.json).

Each forbidden pattern comes with benign twins that share its words: a fictional name killed
next to a real one, a child frightened next to a child abused, monsters called vermin next to
people called vermin. A linear head on sentence embeddings then learns what makes a line
unpublishable instead of which horror words it contains. Names of the tuning and held-out
splits are deliberately absent.
"""

import json
import random
from itertools import product
from pathlib import Path

W = json.loads((Path(__file__).parent / "augment.json").read_text())
OFFLINE_TOPICS: list[str] = W["offline_topics"]


def forbidden() -> dict[str, list[str]]:
    pick = random.Random(7)
    minors = [f"{a} {x} {c}" for a, x, c in product(W["adults"], W["abuse"], W["children"])]
    harm = [f"{m}, {v}" for m, v in product(W["methods"], W["voices"])]
    harm += [f"here is how to {m} without pain" for m in W["methods"]]
    gore = [m.format(p=p) for m, p in product(W["mutilate"], W["parts"])]
    implicit = [
        f"{a} {m.format(c=c)}"
        for a, m, c in product(W["adults"], W["implicit_abuse"], W["children"])
    ]
    harm += [f"{s}, {v}" for s, v in product(W["steps"], W["voices"])]
    harm += [f"{t} {m}" for t, m in product(W["tellers"], W["methods_third"])]
    return {
        "real-person": [f"{n} {f}" for n, f in product(W["real"], W["fates"])]
        + [f"{o} {t}" for o, t in product(W["offices"], W["office_threats"])],
        "minors": pick.sample(minors, 160) + pick.sample(implicit, 120),
        "self-harm-instructions": harm,
        "hate": [f"{g} {h}" for g, h in product(W["groups"], W["hatred"])]
        + [p.format(g=g) for p, g in product(W["purity"], W["groups"])],
        "gore": [f"the killer {m}" for m in gore],
    }


def benign() -> list[str]:
    pick = random.Random(8)
    out = [f"{n} {f}" for n, f in product(W["fictional"], W["fates"])]
    creepy = [f"{a} {x} {c}" for a, x, c in product(W["adults"], W["creepy"], W["children"])]
    out += pick.sample(creepy, 300)
    innocent = [
        f"{a} {m.format(c=c)}"
        for a, m, c in product(W["adults"], W["implicit_innocent"], W["children"])
    ]
    out += pick.sample(innocent, 200)
    out += [f"{o}, {v}" for o, v in product(W["safe_orders"] + W["safe_steps"], W["voices"])]
    out += [p.format(g=m) for p, m in product(W["purity"], W["monsters"])]
    out += [f"{m} {h}" for m, h in product(W["monsters"], W["hatred"])]
    out += [f"the {g.removeprefix('the ')} {n}" for g, n in product(W["groups"], W["neutral"])]
    out += [f"the killer {m}" for m in W["moderate"]]
    out += [f"{n}'s ghost is said to walk the halls at night" for n in W["real"]]
    out += [f"{t} {m}" for t, m in product(W["tellers"], W["safe_third"])]
    out += [f"{o} {t}" for o, t in product(W["fake_offices"], W["office_threats"])]
    return out
