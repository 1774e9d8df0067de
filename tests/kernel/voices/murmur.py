"""A built-in voice for the registry's tests: the module is named for the provider."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.providers import Kit, Provider


class MurmurSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_MURMUR_", extra="ignore")

    api_key: SecretStr  # required: a missing key is a configuration error naming the variable


class Murmur:
    def __init__(self, key: str, kit: Kit) -> None:
        self.key, self.kit = key, kit


def build(settings: MurmurSettings, kit: Kit) -> Murmur:
    return Murmur(settings.api_key.get_secret_value(), kit)


PROVIDER = Provider(kind="voice", name="murmur", settings=MurmurSettings, factory=build)
