"""Composition root of the tts stage: provider, call policy, treatment and cache, from settings."""

from functools import partial

from services.tts.cache import CachedVoice
from services.tts.handler import TtsDeps, narrate
from services.tts.treatment import TreatedVoice, Treatment
from services.tts.voice import Voice
from shared.config import Settings
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages import SceneRequested
from shared.providers import CallPolicy
from shared.runtime import Stage
from shared.storage import Storage
from shared.wiring import make_storage


def policy(settings: Settings) -> CallPolicy:
    return CallPolicy(
        settings.voice_provider,
        concurrency=settings.voice_concurrency,
        timeout_s=settings.voice_timeout_s,
        attempts=settings.voice_attempts,
        backoff_s=settings.voice_backoff_s,
    )


def provider(settings: Settings) -> Voice:
    """The bare provider the settings name; hosted SDKs are imported only when chosen."""
    ffmpeg = ffmpeg_exe(settings.ffmpeg)
    chosen = settings.voice_provider
    if chosen == "elevenlabs":
        from elevenlabs import AsyncElevenLabs

        from services.tts.providers.elevenlabs import ElevenLabsVoice

        assert settings.elevenlabs_api_key is not None  # checked when settings load
        client = AsyncElevenLabs(
            api_key=settings.elevenlabs_api_key.get_secret_value(),
            base_url=settings.elevenlabs_base_url,
            timeout=settings.voice_timeout_s,
        )
        return ElevenLabsVoice(
            client,
            policy(settings),
            model=settings.elevenlabs_model,
            default_voice=settings.elevenlabs_voice,
            ffmpeg=ffmpeg,
        )
    if chosen == "openai":
        from services.tts.providers.openai_voice import OpenAIVoice
        from shared.providers.openai_sdk import make_client

        assert settings.openai_api_key is not None
        client = make_client(
            settings.openai_api_key.get_secret_value(),
            settings.openai_tts_base_url,
            settings.voice_timeout_s,
        )
        return OpenAIVoice(
            client,
            policy(settings),
            model=settings.openai_tts_model,
            default_voice=settings.openai_tts_voice,
            ffmpeg=ffmpeg,
        )
    if chosen == "google":
        from services.tts.providers import google_voice

        key = settings.google_api_key.get_secret_value() if settings.google_api_key else None
        client = google_voice.make_client(settings.google_tts_endpoint, key)
        return google_voice.GoogleVoice(
            client, policy(settings), default_voice=settings.google_tts_voice, ffmpeg=ffmpeg
        )
    from services.tts.providers.offline import OfflineVoice

    return OfflineVoice()


def make_voice(settings: Settings, storage: Storage | None = None) -> Voice:
    """The provider, treated if configured, behind the content cache when storage is given."""
    voice = provider(settings)
    if settings.voice_treatment == "horror":
        treatment = Treatment(settings.voice_treatment_semitones, settings.voice_treatment_echo)
        voice = TreatedVoice(voice, treatment, ffmpeg_exe(settings.ffmpeg))
    if storage is not None and settings.cache_enabled:
        voice = CachedVoice(voice, storage)
    return voice


def build(settings: Settings) -> list[Stage]:
    storage = make_storage(settings)
    deps = TtsDeps(
        voice=make_voice(settings, storage), storage=storage, attempts=settings.max_attempts
    )
    return [
        Stage(
            "tts",
            {SceneRequested: partial(narrate, deps=deps)},
            concurrency=settings.concurrency_of("tts"),
        )
    ]
