from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import ConfigError
from agent.settings import Settings


def write_toml(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_defaults(home: Path) -> None:
    s = Settings.load()
    assert s.home == home
    assert s.llm.provider == "auto"
    assert s.index_path == home / "index"
    assert s.retrieval.embedding_model.startswith("bundled:")


def test_precedence_cli_over_env_over_file_over_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = write_toml(
        tmp_path / "c.toml",
        '[llm]\nmodel = "from-file"\ntemperature = 0.3\nbase_url = "http://file"\n[agent]\nmax_steps = 7\n',
    )
    monkeypatch.setenv("HYPOLOOP_LLM__MODEL", "from-env")
    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", "http://env")
    s = Settings.load(cfg, llm={"model": "from-cli"})
    assert s.llm.model == "from-cli"  # CLI beats env and file
    assert s.llm.base_url == "http://env"  # env beats file
    assert s.llm.temperature == 0.3  # file beats default
    assert s.agent.max_steps == 7
    assert s.agent.seed == 0  # default


def test_unset_cli_flags_do_not_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__MODEL", "from-env")
    assert Settings.load(llm={"model": None}).llm.model == "from-env"


def test_config_file_from_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = write_toml(tmp_path / "c.toml", "[retrieval]\nchunk_size = 800\n")
    monkeypatch.setenv("HYPOLOOP_CONFIG", str(cfg))
    assert Settings.load().retrieval.chunk_size == 800


def test_index_path_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_RETRIEVAL__INDEX_PATH", str(tmp_path / "idx"))
    assert Settings.load().index_path == tmp_path / "idx"


@pytest.mark.parametrize(
    "text",
    ['[llm]\nmodle = "typo"\n', "[nonsense]\nx = 1\n", "[agent]\nmax_steps = -3\n", "not = [valid toml"],
)
def test_bad_config_file_is_a_config_error(tmp_path: Path, text: str) -> None:
    cfg = write_toml(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError):
        Settings.load(cfg)


def test_missing_named_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "nope.toml")


def test_bad_env_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__TEMPERATURE", "hot")
    with pytest.raises(ConfigError, match="temperature"):
        Settings.load()


def test_every_field_is_described() -> None:
    from pydantic import BaseModel

    def walk(model: type[BaseModel]) -> None:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            ann = field.annotation
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                walk(ann)

    walk(Settings)


def test_public_dict_hides_api_key() -> None:
    s = Settings.load(llm={"api_key": "sk-secret"})
    assert "sk-secret" not in str(s.public_dict())
    assert s.public_dict()["llm"]["api_key"] == "set"
