"""The tts composition root and the provider settings: what each configuration builds."""

import pytest
from pydantic import SecretStr

from services.tts.bootstrap import make_voice
from services.tts.cache import CachedVoice
from services.tts.treatment import TreatedVoice
from shared.config import ConfigError, Settings, load_settings
from shared.storage.local import LocalStorage


@pytest.mark.parametrize(
    ("settings", "name"),
    [
        (Settings(), "hibari"),
        (Settings(voice_provider="elevenlabs", elevenlabs_api_key=SecretStr("k")), "elevenlabs"),
        (Settings(voice_provider="openai", openai_api_key=SecretStr("k")), "openai"),
        (Settings(voice_provider="google", google_api_key=SecretStr("k")), "google"),
    ],
)
def test_each_provider_is_built_behind_treatment_and_cache(tmp_path, settings, name) -> None:
    settings = settings.model_copy(update={"voice_treatment": "horror"})
    voice = make_voice(settings, LocalStorage(tmp_path))
    assert isinstance(voice, CachedVoice) and isinstance(voice.inner, TreatedVoice)
    assert voice.name == name and "horror" in voice.model


def test_no_treatment_and_no_cache_give_the_bare_provider() -> None:
    assert make_voice(Settings(cache_enabled=False)).name == "hibari"
    assert not isinstance(make_voice(Settings()), TreatedVoice)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"voice_provider": "elevenlabs"}, "GRIMREEL_ELEVENLABS_API_KEY"),
        ({"voice_provider": "openai"}, "GRIMREEL_OPENAI_API_KEY"),
        ({"image_provider": "stability"}, "GRIMREEL_STABILITY_API_KEY"),
        ({"image_provider": "openai"}, "GRIMREEL_OPENAI_API_KEY"),
        ({"voice_provider": "espeak"}, "GRIMREEL_VOICE_PROVIDER"),
        ({"elevenlabs_base_url": "file:///etc"}, "GRIMREEL_ELEVENLABS_BASE_URL"),
        ({"voice_concurrency": 0}, "GRIMREEL_VOICE_CONCURRENCY"),
    ],
)
def test_bad_provider_settings_are_clear_errors_at_start(env, message) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(**env)
