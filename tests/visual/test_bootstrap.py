"""The visual composition root: the provider is looked up by name, hosted ones are screened."""

import pytest

from services.visual.bootstrap import make_painter
from services.visual.cache import CachedPainter
from services.visual.prompting import ScreenedPainter
from services.visual.providers.offline import OfflinePainter
from services.visual.settings import ImageSettings
from shared.config import ConfigError, Settings, load_as
from shared.storage.local import LocalStorage

KEYS = ("GRIMREEL_OPENAI_API_KEY", "GRIMREEL_OPENAI_IMAGE_API_KEY", "GRIMREEL_STABILITY_API_KEY")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (*KEYS, "GRIMREEL_IMAGE_PROVIDER", "GRIMREEL_STABILITY_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("provider", "key", "name"),
    [
        ("openai", "GRIMREEL_OPENAI_API_KEY", "openai"),
        ("stability", "GRIMREEL_STABILITY_API_KEY", "stability"),
    ],
)
def test_a_hosted_provider_is_picked_by_name_then_cached_then_screened(
    tmp_path, monkeypatch, provider, key, name
) -> None:
    monkeypatch.setenv(key, "k")
    painter = make_painter(Settings(), LocalStorage(tmp_path), ImageSettings(provider=provider))
    assert isinstance(painter, ScreenedPainter) and isinstance(painter.inner, CachedPainter)
    assert painter.inner.inner.name == painter.name == name


def test_the_offline_provider_is_cached_but_not_screened(tmp_path) -> None:
    painter = make_painter(Settings(), LocalStorage(tmp_path))
    assert isinstance(painter, CachedPainter) and isinstance(painter.inner, OfflinePainter)
    assert isinstance(make_painter(Settings(cache_enabled=False)), OfflinePainter)


def test_the_screen_follows_what_the_painter_declares_not_its_name(monkeypatch) -> None:
    monkeypatch.setattr(OfflinePainter, "sends_prompts", True)
    painter = make_painter(Settings(cache_enabled=False))
    assert isinstance(painter, ScreenedPainter) and isinstance(painter.inner, OfflinePainter)


def test_the_provider_env_variable_chooses(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_IMAGE_PROVIDER", "stability")
    monkeypatch.setenv("GRIMREEL_STABILITY_API_KEY", "k")
    assert make_painter(Settings()).name == "stability"


def test_an_unknown_provider_is_a_config_error_listing_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"no image provider named 'dalle' \(known: .*offline"):
        make_painter(Settings(), image_settings=ImageSettings(provider="dalle"))
    with pytest.raises(ConfigError, match=r"known: .*openai.*stability"):
        make_painter(Settings(), image_settings=ImageSettings(provider="dalle"))


@pytest.mark.parametrize(
    ("provider", "env", "message"),
    [
        ("openai", {}, "GRIMREEL_OPENAI_API_KEY: Field required"),
        ("stability", {}, "GRIMREEL_STABILITY_API_KEY: Field required"),
        (
            "stability",
            {"GRIMREEL_STABILITY_API_KEY": "k", "GRIMREEL_STABILITY_BASE_URL": "file:///etc"},
            "GRIMREEL_STABILITY_BASE_URL",
        ),
    ],
)
def test_missing_keys_and_bad_urls_name_the_env_variable(monkeypatch, provider, env, message):
    settings = Settings()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        make_painter(settings, image_settings=ImageSettings(provider=provider))


def test_an_images_only_openai_key_wins_over_the_shared_one(monkeypatch) -> None:
    from services.visual.providers.openai import OpenAIImageSettings

    monkeypatch.setenv("GRIMREEL_OPENAI_API_KEY", "shared")
    assert load_as(OpenAIImageSettings).api_key.get_secret_value() == "shared"
    monkeypatch.setenv("GRIMREEL_OPENAI_IMAGE_API_KEY", "images")
    assert load_as(OpenAIImageSettings).api_key.get_secret_value() == "images"
    monkeypatch.delenv("GRIMREEL_OPENAI_API_KEY")
    assert load_as(OpenAIImageSettings).api_key.get_secret_value() == "images"


def test_call_knobs_keep_their_env_names_and_bounds(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_IMAGE_TIMEOUT_S", "30")
    monkeypatch.setenv("GRIMREEL_IMAGE_ATTEMPTS", "2")
    policy = load_as(ImageSettings).policy()
    assert (policy.timeout_s, policy.attempts, policy.provider) == (30.0, 2, "offline")
    assert ImageSettings().concurrency == 2 and ImageSettings().backoff_s == 2.0
    monkeypatch.setenv("GRIMREEL_IMAGE_CONCURRENCY", "0")
    with pytest.raises(ConfigError, match="GRIMREEL_IMAGE_CONCURRENCY"):
        load_as(ImageSettings)
