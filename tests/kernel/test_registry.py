"""The provider registry: built-ins by module name, plugins by entry point, clear errors."""

import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from shared.config import ConfigError
from shared.providers import CallPolicy, Kit, available, create, find, registry

PACKAGE = "tests.kernel.voices"
KIT = Kit(policy=CallPolicy("echo"))


@pytest.fixture
def echo_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    ep = EntryPoint("voice.echo", "plugin_pkg.echo_voice", registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: [ep])
    yield
    sys.path.remove(str(Path(__file__).parent))


def test_a_builtin_provider_is_found_by_its_module_name() -> None:
    voice = create("voice", "murmur", PACKAGE, KIT, object, overrides={"api_key": "k"})
    assert voice.key == "k"  # type: ignore[attr-defined]
    assert voice.kit is KIT  # type: ignore[attr-defined]


def test_a_missing_key_is_a_config_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GRIMREEL_MURMUR_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="GRIMREEL_MURMUR_API_KEY: Field required"):
        create("voice", "murmur", PACKAGE, KIT, object)


def test_a_plugin_registers_through_the_entry_point_group(echo_entry_point: None) -> None:
    voice = create("voice", "echo", PACKAGE, KIT, object, overrides={"greeting": "boo"})
    assert voice.greeting == "boo"  # type: ignore[attr-defined]
    assert voice.policy_name == "echo"  # type: ignore[attr-defined]
    assert "echo" in available("voice", PACKAGE)


def test_provider_settings_come_from_their_own_env_prefix(
    echo_entry_point: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECHO_VOICE_GREETING", "from env")
    voice = create("voice", "echo", PACKAGE, KIT, object)
    assert voice.greeting == "from env"  # type: ignore[attr-defined]


def test_an_unknown_name_lists_the_known_ones(echo_entry_point: None) -> None:
    known = r"no voice provider named 'nope' \(known: echo, murmur\)"
    with pytest.raises(ConfigError, match=known):
        find("voice", "nope", PACKAGE)


def test_a_provider_of_another_kind_is_not_taken(echo_entry_point: None) -> None:
    with pytest.raises(ConfigError, match="no image provider named 'echo'"):
        find("image", "echo", PACKAGE)


def test_the_built_object_must_offer_the_capability(echo_entry_point: None) -> None:
    with pytest.raises(ConfigError, match="built a EchoVoice, not a voice"):
        create("voice", "echo", PACKAGE, KIT, int)


def test_a_name_that_is_not_an_identifier_never_reaches_import() -> None:
    with pytest.raises(ConfigError, match=r"no voice provider named '\.\./etc'"):
        find("voice", "../etc", PACKAGE)
