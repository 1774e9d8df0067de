"""Composition root of the tts stage: the voice provider named by GRIMREEL_VOICE_PROVIDER, with
its call policy, behind the treatment and the content cache."""

from services.tts.cache import CachedVoice
from services.tts.handler import TtsDeps, narrate
from services.tts.settings import VoiceSettings
from services.tts.treatment import TreatedVoice, Treatment
from services.tts.voice import Voice
from shared.config import Settings, load_as
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages import SceneRequested
from shared.providers import Kit, create
from shared.runtime import Stage, on
from shared.storage import Storage
from shared.wiring import make_storage

PROVIDERS = "services.tts.providers"


def make_voice(
    settings: Settings, storage: Storage | None = None, voice_settings: VoiceSettings | None = None
) -> Voice:
    """The provider, treated if configured, behind the content cache when storage is given."""
    vs = voice_settings if voice_settings is not None else load_as(VoiceSettings)
    ffmpeg = ffmpeg_exe(settings.ffmpeg)
    # Hosted SDKs are imported only when their provider is the one chosen.
    kit = Kit(policy=vs.policy(), ffmpeg=ffmpeg)
    # mypy takes only concrete classes as type[T]; a runtime_checkable Protocol works at run time.
    voice = create("voice", vs.provider, PROVIDERS, kit, Voice)
    if vs.treatment == "horror":
        voice = TreatedVoice(voice, Treatment(vs.treatment_semitones, vs.treatment_echo), ffmpeg)
    if storage is not None and settings.cache_enabled:
        voice = CachedVoice(voice, storage)
    return voice


def build(settings: Settings) -> list[Stage]:
    storage = make_storage(settings)
    deps = TtsDeps(
        voice=make_voice(settings, storage),
        storage=storage,
        attempts=settings.max_attempts,
        ffmpeg=ffmpeg_exe(settings.ffmpeg),
    )
    return [
        Stage.of(
            "tts",
            on(SceneRequested, narrate, deps),
            concurrency=settings.concurrency_of("tts"),
            resources=(deps.storage, deps.voice),
        )
    ]
