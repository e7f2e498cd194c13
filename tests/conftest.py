"""Hermetic fixtures shared by the whole suite: a temporary HYPOLOOP_HOME, no config file from
the developer's machine, no API keys, and Hugging Face hub access switched off."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["fake_openai", "services.fixtures"]

# Set before any test module imports sentence-transformers or huggingface_hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own workspace and a clean HYPOLOOP_* / OpenAI environment."""
    home = tmp_path_factory.mktemp("home")
    for key in list(os.environ):
        if key.startswith("HYPOLOOP_") or key.startswith("OPENAI_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HYPOLOOP_HOME", str(home))
    # Point platformdirs' config lookup at an empty folder so a developer's config.toml never leaks in.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield home


@pytest.fixture
def home(hermetic_env: Path) -> Path:
    return hermetic_env


PLUGIN_SITE = Path(__file__).resolve().parent / "plugins" / "site"


@pytest.fixture
def test_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test plug-in distribution on the import path (and on PYTHONPATH for child processes),
    found through its dist-info entry points like any pip-installed plug-in."""
    import sys

    from tools import calculators, registry

    monkeypatch.syspath_prepend(str(PLUGIN_SITE))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(PLUGIN_SITE), os.environ.get("PYTHONPATH")])))
    _clear_plugin_caches(calculators, registry)
    yield PLUGIN_SITE
    sys.modules.pop("hypoloop_test_plugin", None)
    monkeypatch.undo()
    _clear_plugin_caches(calculators, registry)


def _clear_plugin_caches(calculators: object, registry: object) -> None:
    calculators.registry.cache_clear()  # type: ignore[attr-defined]
    registry._plugins.cache_clear()  # type: ignore[attr-defined]
    registry._load.cache_clear()  # type: ignore[attr-defined]
    registry._PLUGIN_FAILURES.clear()  # type: ignore[attr-defined]
    from agent.language import kinds

    kinds.table.cache_clear()
