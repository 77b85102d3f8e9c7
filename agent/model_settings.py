"""How mcc reaches an OpenAI-compatible server, read from the environment: endpoint, key, retries, limits."""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pydantic import BaseModel, Field

from warehouse.errors import AgentError

OPENAI_API = "https://api.openai.com/v1"
DEFAULT_MAX_RETRIES = 2
DEFAULT_TIMEOUT = 120.0


class ModelSettings(BaseModel):
    """The connection settings of an `openai:NAME` model."""

    base_url: str | None = Field(None, description="the server's API root (ends in /v1 for most servers); None is OpenAI's")
    query: dict[str, str] = Field(default_factory=dict, description="query parameters every call carries (api-version)")
    api_key: str | None = None
    headers: dict[str, str] = Field(default_factory=dict, description="headers every call carries (Azure's api-key)")
    max_retries: int = Field(DEFAULT_MAX_RETRIES, description="retries of a 408, 409, 429 or 5xx, or of no answer")
    timeout: float = Field(DEFAULT_TIMEOUT, description="seconds to wait for one answer")
    max_tokens: int | None = Field(None, description="the most tokens one reply may hold; None leaves it to the server")


def normalize_base_url(url: str) -> tuple[str, dict[str, str]]:
    """Return the API root for a base URL as people type it, and its query parameters.

    A bare host gets `/v1` (where OpenAI, vLLM, Ollama, LM Studio and llama.cpp serve); a trailing slash or a
    pasted `/chat/completions` is dropped; any other path (a gateway's) is kept as it is.

    >>> normalize_base_url("http://localhost:11434/")
    ('http://localhost:11434/v1', {})
    >>> normalize_base_url("http://localhost:8000/v1/chat/completions")
    ('http://localhost:8000/v1', {})
    >>> normalize_base_url("https://gw.example/openai/deployments/gpt4o?api-version=2024-06-01")
    ('https://gw.example/openai/deployments/gpt4o', {'api-version': '2024-06-01'})
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AgentError(f"OPENAI_BASE_URL {url!r} is not an http(s) URL", where="OPENAI_BASE_URL",
                         accepted="a URL such as http://localhost:11434/v1 or https://api.openai.com/v1")
    path = parts.path.rstrip("/").removesuffix("/chat/completions").rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path or "/v1", "", "")), dict(parse_qsl(parts.query))


def is_azure(base_url: str) -> bool:
    """Say whether a base URL is Azure OpenAI's shape (its resource host, or a gateway's deployments path).

    >>> is_azure("https://acme.openai.azure.com/openai/deployments/gpt4o"), is_azure("http://localhost:8000/v1")
    (True, False)
    """
    parts = urlsplit(base_url)
    return (parts.hostname or "").endswith(".openai.azure.com") or "/openai/deployments/" in parts.path


def _number(name: str, default: float, *, integer: bool) -> float:
    """Read a non-negative number from the environment, or say which variable is wrong and what it takes."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        value = -1
    if value < 0 or (not integer and value == 0):
        kind = "a whole number, 0 or more" if integer else "a number of seconds above 0"
        raise AgentError(f"{name}={raw!r} is not {kind}", where=name, accepted=f"{kind}, or unset for {default:g}")
    return value


def settings_from_env() -> ModelSettings:
    """Read the settings: OPENAI_BASE_URL, OPENAI_API_KEY, MCC_MODEL_MAX_RETRIES, MCC_MODEL_TIMEOUT, MCC_MODEL_MAX_TOKENS."""
    raw_url = os.environ.get("OPENAI_BASE_URL", "").strip()
    base_url, query = normalize_base_url(raw_url) if raw_url else (None, {})
    key = os.environ.get("OPENAI_API_KEY") or None
    if not key and not base_url:
        raise AgentError("no OPENAI_API_KEY set for an openai: model", where="--model",
                         accepted="set OPENAI_API_KEY, or --model offline")
    max_tokens = int(_number("MCC_MODEL_MAX_TOKENS", 0, integer=True)) or None
    # Azure OpenAI and the gateways in front of it read the key from an api-key header, not Authorization.
    headers = {"api-key": key} if key and base_url and is_azure(base_url) else {}
    return ModelSettings(
        base_url=base_url, query=query, api_key=key, headers=headers, max_tokens=max_tokens,
        max_retries=int(_number("MCC_MODEL_MAX_RETRIES", DEFAULT_MAX_RETRIES, integer=True)),
        timeout=_number("MCC_MODEL_TIMEOUT", DEFAULT_TIMEOUT, integer=False),
    )
