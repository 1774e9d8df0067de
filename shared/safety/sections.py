"""The places a text says something, each judged in its own context.

A story is its title, its hook, each scene's narration and each image prompt; a topic or an
evaluated text is one section. Judges that read passages (the offline judge, the hosted ones)
take sections, so a story, a topic and a line of an eval file go through the same code.
"""

from dataclasses import dataclass

from shared.messages.story import Story


@dataclass(frozen=True)
class Section:
    scene: int | None  # None: title, hook, topic or a bare text
    text: str


def story_sections(story: Story) -> list[Section]:
    # A title alone ("The Truth About the Skinwalkers") is a few words a judge misreads; read
    # with the hook it is a sentence in context, like every other window.
    title = story.title.strip().rstrip(".!?")
    found = [Section(None, f"{title}. {story.hook}" if title else story.hook)]
    for scene in story.scenes:
        found += [Section(scene.index, scene.narration), Section(scene.index, scene.image_prompt)]
    return [s for s in found if s.text.strip()]
