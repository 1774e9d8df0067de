"""A third-party voice, as a user's own package would ship it: found through an entry point."""

from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.providers import Kit, Provider


class EchoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECHO_VOICE_", extra="ignore")

    greeting: str = "hello"


class EchoVoice:
    def __init__(self, greeting: str, policy_name: str) -> None:
        self.greeting, self.policy_name = greeting, policy_name


def build(settings: EchoSettings, kit: Kit) -> EchoVoice:
    return EchoVoice(settings.greeting, kit.policy.provider)


PROVIDER = Provider(kind="voice", name="echo", settings=EchoSettings, factory=build)
