"""The ``data`` settings section of the user's data collection (the agent composes it into the tree)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class DataSettings(BaseModel):
    """The ``data`` settings section: where the collection lives and which public databases to ask."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    url: str | None = Field(
        None,
        description="ASE database of the user's data collection: a path (SQLite) or a database URL "
        "(postgresql://user@host/db, with the postgres extra); defaults to <home>/data/collection.db.",
    )
    online: bool = Field(
        True, description="Allow the public-database clients (OPTIMADE, Materials Project); off when offline."
    )
    optimade_urls: list[str] = Field(
        default_factory=list, description="Base URLs of the OPTIMADE databases to query (none by default)."
    )
    mp_api_key: SecretStr | None = Field(
        None,
        description="Materials Project API key; falls back to MP_API_KEY. The client is off without one.",
    )
    mp_endpoint: str = Field(
        "https://api.materialsproject.org", description="Materials Project API endpoint."
    )
    timeout_s: float = Field(30.0, gt=0, description="Per-request timeout of the public-database clients.")
