"""A three-scene story around one scene of text, for judges that read stories."""

from shared.messages.story import Scene, Story


def story_with(text: str, *, prompt: str = "a dark hallway at night") -> Story:
    scenes = [
        Scene(index=0, narration="The house was quiet when I moved in.", image_prompt="a house"),
        Scene(index=1, narration=text, image_prompt=prompt),
        Scene(index=2, narration="I still hear it sometimes.", image_prompt="an empty bedroom"),
    ]
    return Story(title="The House", hook="The house was quiet when I moved in.", scenes=scenes)
