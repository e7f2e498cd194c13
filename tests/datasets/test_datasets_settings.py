"""The `data` settings section: default location, URL by setting, secrets kept out of records."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.settings import Settings


def test_default_collection_lives_in_home(home: Path) -> None:
    settings = Settings.load()
    assert settings.data_url == str(home / "data" / "collection.db")
    assert settings.data.online and settings.data.optimade_urls == [] and settings.data.mp_api_key is None


def test_url_from_environment_and_secrets_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_DATA__URL", "postgresql://ana:s3cret@db.lab/collection")
    monkeypatch.setenv("HYPOLOOP_DATA__MP_API_KEY", "k" * 32)
    s = Settings.load()
    assert s.data_url == "postgresql://ana:s3cret@db.lab/collection"
    public = str(s.public_dict())
    assert "s3cret" not in public and "k" * 32 not in public
    assert s.public_dict()["data"]["url"] == "postgresql://ana:***@db.lab/collection"
