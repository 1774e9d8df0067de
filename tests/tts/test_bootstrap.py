"""The tts composition root and the voice settings: what each configuration builds."""

import os

import pytest

from services.tts.bootstrap import make_voice
from services.tts.cache import CachedVoice
from services.tts.providers.elevenlabs import ElevenLabsVoice
from services.tts.providers.google import GoogleVoice
from services.tts.providers.offline import OfflineVoice
from services.tts.providers.openai import OpenAIVoice
from services.tts.settings import VoiceSettings
from services.tts.treatment import TreatedVoice
from shared.config import ConfigError, Settings, load_as
from shared.storage.local import LocalStorage

KEYS = ("GRIMREEL_ELEVENLABS_API_KEY", "GRIMREEL_OPENAI_API_KEY", "GRIMREEL_GOOGLE_API_KEY")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment with no GRIMREEL_ variable but those a test sets."""
    for name in [*KEYS, "GRIMREEL_OPENAI_TTS_API_KEY"]:
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("GRIMREEL_VOICE_")]:
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("offline", OfflineVoice, "hibari"),
        ("elevenlabs", ElevenLabsVoice, "elevenlabs"),
        ("openai", OpenAIVoice, "openai"),
        ("google", GoogleVoice, "google"),
    ],
)
def test_the_provider_is_picked_by_name_and_built_behind_treatment_and_cache(
    tmp_path, env, name, kind, label
) -> None:
    for key in KEYS:
        env.setenv(key, "k")
    vs = VoiceSettings(provider=name, treatment="horror")
    voice = make_voice(Settings(), LocalStorage(tmp_path), vs)
    assert isinstance(voice, CachedVoice) and isinstance(voice.inner, TreatedVoice)
    assert isinstance(voice.inner.inner, kind)
    assert voice.name == label and "horror" in voice.model


def test_the_call_settings_reach_the_hosted_provider(env) -> None:
    env.setenv("GRIMREEL_ELEVENLABS_API_KEY", "k")
    vs = VoiceSettings(provider="elevenlabs", timeout_s=7, attempts=2, concurrency=3)
    voice = make_voice(Settings(), voice_settings=vs)
    assert isinstance(voice, ElevenLabsVoice)
    assert (voice.policy.provider, voice.policy.timeout_s, voice.policy.attempts) == (
        "elevenlabs",
        7,
        2,
    )


def test_no_treatment_and_no_cache_give_the_bare_provider(env) -> None:
    bare = make_voice(Settings(cache_enabled=False), voice_settings=VoiceSettings())
    assert isinstance(bare, OfflineVoice)
    assert isinstance(make_voice(Settings(), None, VoiceSettings()), OfflineVoice)


def test_an_unknown_provider_is_a_config_error_listing_the_known_ones(env) -> None:
    with pytest.raises(ConfigError, match=r"'espeak'.*known: elevenlabs, google, offline, openai"):
        make_voice(Settings(), voice_settings=VoiceSettings(provider="espeak"))


def test_the_voice_section_is_read_from_its_env_names(env) -> None:
    env.setenv("GRIMREEL_VOICE_PROVIDER", "google")
    env.setenv("GRIMREEL_VOICE_TIMEOUT_S", "12.5")
    env.setenv("GRIMREEL_VOICE_TREATMENT", "horror")
    env.setenv("GRIMREEL_VOICE_TREATMENT_SEMITONES", "-5")
    env.setenv("GRIMREEL_VOICE_TREATMENT_ECHO", "false")
    vs = load_as(VoiceSettings)
    assert (vs.provider, vs.timeout_s, vs.treatment) == ("google", 12.5, "horror")
    assert (vs.treatment_semitones, vs.treatment_echo) == (-5.0, False)


def test_a_speech_key_of_its_own_wins_over_the_shared_openai_key(env) -> None:
    env.setenv("GRIMREEL_OPENAI_API_KEY", "shared")
    voice = make_voice(Settings(), voice_settings=VoiceSettings(provider="openai"))
    assert isinstance(voice, OpenAIVoice) and voice.client.api_key == "shared"
    env.setenv("GRIMREEL_OPENAI_TTS_API_KEY", "speech")
    voice = make_voice(Settings(), voice_settings=VoiceSettings(provider="openai"))
    assert isinstance(voice, OpenAIVoice) and voice.client.api_key == "speech"


@pytest.mark.parametrize(
    ("provider", "env_set", "message"),
    [
        ("elevenlabs", {}, "GRIMREEL_ELEVENLABS_API_KEY: Field required"),
        ("openai", {}, "openai voice needs GRIMREEL_OPENAI_API_KEY"),
        (
            "elevenlabs",
            {"GRIMREEL_ELEVENLABS_API_KEY": "k", "GRIMREEL_ELEVENLABS_BASE_URL": "file:///etc"},
            "GRIMREEL_ELEVENLABS_BASE_URL",
        ),
        ("google", {"GRIMREEL_GOOGLE_TTS_ENDPOINT": "ftp://x"}, "GRIMREEL_GOOGLE_TTS_ENDPOINT"),
    ],
)
def test_bad_provider_settings_are_clear_errors_at_start(env, provider, env_set, message) -> None:
    settings = Settings()
    for name, value in env_set.items():
        env.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        make_voice(settings, voice_settings=VoiceSettings(provider=provider))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GRIMREEL_VOICE_CONCURRENCY", "0"),
        ("GRIMREEL_VOICE_TIMEOUT_S", "601"),
        ("GRIMREEL_VOICE_TREATMENT", "robot"),
    ],
)
def test_bad_voice_settings_name_their_variable(env, name, value) -> None:
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_as(VoiceSettings)
