"""The beats of a story, in order: hook, setup, the first sign, escalation, the turn, the end.

A beat is one sentence. Threads are opened before they are paid off (the friend is introduced
before the turn can hinge on them; the clue is found before its name can be read), and each
structure adds the beats its form needs (a report's statement and officer's note).
"""

STRUCTURES = ("first", "second", "report", "voicemail", "dialogue", "countdown", "diary")


SHORT = {3: ["hook", "turn", "ending"], 4: ["hook", "sign", "turn", "ending"],
         5: ["hook", "setup", "sign", "turn", "ending"]}  # fmt: skip


def beats(
    sentences: int, structure: str, *, role: bool, echo: bool, deed: bool = False
) -> list[str]:
    """`sentences` beats for a story told as `structure`: the hook, the turn and the ending
    always, the rest as the length allows."""
    if sentences in SHORT and not (structure == "report" and sentences > 3):
        if sentences == 3 and structure == "voicemail":
            return ["hook", "sign", "ending"]  # its hook names the caller, not the threat
        short = list(SHORT[sentences])
        return ["hook", "legend", *short[2:]] if deed and sentences == 5 else short
    head = ["hook"]
    if structure == "report":
        head.append("statement")
    # the teller's role is the topic's own ("a lighthouse keeper"): it sets the story up
    head.append("role" if role and structure not in ("report", "voicemail") else "setup")
    if deed:
        head.append("legend")  # what the topic says the thing does, told as the local story
    optional = []
    if echo:
        optional.append("echo")
    wants_friend = structure in ("dialogue",) or sentences >= 10
    if wants_friend and structure != "voicemail":
        head.append("friend")
    tail = ["turn", "ending"]
    if structure == "report":
        tail = ["turn", "note", "ending"]  # the witness's turn, then the officer's word on it
    room = max(1, sentences - len(head) - len(tail) - 1)  # one sign
    while optional and room > 0:  # the topic's second thing matters more than one more beat
        head.append(optional.pop(0))
        room -= 1
    return [*head, "sign", *(["escalate"] * max(room, 1)), *tail]
