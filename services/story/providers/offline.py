"""The offline story provider: the seeded template writer in services/story/engine, which needs
no model, key or network. It is the default, so the whole pipeline runs anywhere."""

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.story.engine.writer import OfflineWriter
from shared.providers import Kit, Provider


class OfflineStorySettings(BaseSettings):
    """No knobs: the story's length follows the quality check's words per minute, so a
    setting here could only make drafts the filter rejects."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_OFFLINE_STORY_", extra="ignore")


def build(settings: OfflineStorySettings, kit: Kit) -> OfflineWriter:
    return OfflineWriter()


PROVIDER = Provider(
    kind="story",
    name="offline",
    settings=OfflineStorySettings,
    factory=build,
    summary="seeded composable grammar in seven forms (report, voicemail, diary, countdown, "
    "dialogue, first and second person); no key, no network",
)
