"""``load_config``: a plugin's typed settings from the environment, its settings, its defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

from claimtrack.errors import ClaimtrackError
from claimtrack.verification.api import (
    PluginConfig,
    SettingError,
    load_config,
    setting,
    settings_env_name,
)
from claimtrack.verification.engine import verifier_settings


@dataclass(frozen=True)
class Config:
    api: str = "https://api.example.org"
    key: str = setting("", env=("EXAMPLE_API_KEY",), aliases=("api_key",))
    timeout: float = 10.0
    max_pages: int = 3
    all_claims: bool = False
    limit: float | None = None


def test_defaults_when_nothing_is_set():
    assert load_config(Config, None, name="demo", env={}) == Config()
    assert load_config(Config, {}, name="demo", env={}) == Config()


def test_environment_over_settings_over_default():
    settings = {"api": "https://settings.example", "timeout": 3}
    env = {"CLAIMTRACK_DEMO_API": "https://env.example"}
    config = load_config(Config, settings, name="demo", env=env)
    assert config.api == "https://env.example"  # env wins over settings
    assert config.timeout == 3.0 and isinstance(config.timeout, float)  # settings over default
    assert config.max_pages == 3  # default


def test_empty_values_count_as_unset():
    env = {"CLAIMTRACK_DEMO_API": "", "CLAIMTRACK_DEMO_TIMEOUT": ""}
    config = load_config(
        Config, {"api": "https://settings.example", "timeout": ""}, name="demo", env=env
    )
    assert config.api == "https://settings.example"
    assert config.timeout == 10.0


def test_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DEMO_MAX_PAGES", "7")
    assert load_config(Config, {"max_pages": 2}, name="demo").max_pages == 7


def test_env_name_follows_the_engine_scheme(monkeypatch):
    assert settings_env_name("my-plugin", "max_pages") == "CLAIMTRACK_MY_PLUGIN_MAX_PAGES"
    assert (
        load_config(Config, name="my-plugin", env={"CLAIMTRACK_MY_PLUGIN_MAX_PAGES": "5"}).max_pages
        == 5
    )

    class Demo:
        name = "my-plugin"
        defaults: ClassVar[dict[str, int]] = {"max_pages": 3}

    monkeypatch.setenv("CLAIMTRACK_MY_PLUGIN_MAX_PAGES", "9")
    assert verifier_settings(Demo())["max_pages"] == "9"  # the engine reads the same variable


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("timeout", "2.5", 2.5),
        ("timeout", 4, 4.0),
        ("max_pages", "12", 12),
        ("max_pages", 4.0, 4),
        ("api", 42, "42"),
        ("all_claims", "yes", True),
        ("all_claims", "ON", True),
        ("all_claims", "1", True),
        ("all_claims", "false", False),
        ("all_claims", "off", False),
        ("all_claims", True, True),
        ("limit", "0.5", 0.5),
    ],
)
def test_type_coercion(field, raw, expected):
    from_settings = load_config(Config, {field: raw}, name="demo", env={})
    assert getattr(from_settings, field) == expected
    assert type(getattr(from_settings, field)) is type(expected)
    if isinstance(raw, str):
        from_env = load_config(Config, {}, name="demo", env={settings_env_name("demo", field): raw})
        assert getattr(from_env, field) == expected


@pytest.mark.parametrize(
    ("field", "raw", "words"),
    [
        ("timeout", "ten", "is not a number"),
        ("max_pages", "2.5", "is not a whole number"),
        ("max_pages", 2.5, "is not a whole number"),
        ("max_pages", True, "is not a whole number"),
        ("all_claims", "maybe", "is not true or false"),
        ("api", ["a", "b"], "is not a string"),
    ],
)
def test_bad_value_names_the_setting(field, raw, words):
    with pytest.raises(SettingError) as info:
        load_config(Config, {field: raw}, name="demo", env={})
    message = str(info.value)
    assert f"demo setting {field!r}" in message and "settings key" in message and words in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, ClaimtrackError)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(
        ValueError, match=r"'timeout' \(from environment variable CLAIMTRACK_DEMO_TIMEOUT\).*'soon'"
    ):
        load_config(Config, {"timeout": 5}, name="demo", env={"CLAIMTRACK_DEMO_TIMEOUT": "soon"})


def test_aliases():
    # the field's own variable first, then the extra variable, then the settings key, then its alias
    env = {"CLAIMTRACK_DEMO_KEY": "own-env", "EXAMPLE_API_KEY": "alias-env"}
    settings = {"key": "own-setting", "api_key": "alias-setting"}
    assert load_config(Config, settings, name="demo", env=env).key == "own-env"
    del env["CLAIMTRACK_DEMO_KEY"]
    assert load_config(Config, settings, name="demo", env=env).key == "alias-env"
    assert load_config(Config, settings, name="demo", env={}).key == "own-setting"
    assert (
        load_config(Config, {"api_key": "alias-setting"}, name="demo", env={}).key
        == "alias-setting"
    )
    assert (
        load_config(
            Config,
            {"key": "", "api_key": "alias-setting"},
            name="demo",
            env={"CLAIMTRACK_DEMO_KEY": ""},
        ).key
        == "alias-setting"
    )


def test_needs_a_dataclass():
    with pytest.raises(TypeError):
        load_config(dict, {}, name="demo", env={})


def test_plugin_config_base_class(monkeypatch):
    @dataclass(frozen=True)
    class Demo(PluginConfig, plugin="demo"):
        timeout: float = 10.0
        key: str = setting("", env=("EXAMPLE_API_KEY",))

    monkeypatch.setenv("EXAMPLE_API_KEY", "from-alias")
    assert Demo.load({"timeout": "2"}) == Demo(timeout=2.0, key="from-alias")
    assert Demo.load(None, env={"CLAIMTRACK_DEMO_TIMEOUT": "3"}) == Demo(timeout=3.0)
    with pytest.raises(SettingError, match="demo setting 'timeout'"):
        Demo.load({"timeout": "never"})

    @dataclass(frozen=True)
    class Nameless(PluginConfig):
        timeout: float = 10.0

    with pytest.raises(TypeError, match="plugin name"):
        Nameless.load()
