"""The openai: model's settings from the environment: endpoint as typed, retries, timeout, output limit."""

from __future__ import annotations

import doctest
import importlib

import pytest

from agent.model_settings import normalize_base_url, settings_from_env
from warehouse.errors import AgentError


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "MCC_MODEL_MAX_RETRIES", "MCC_MODEL_TIMEOUT", "MCC_MODEL_MAX_TOKENS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("typed", "root"), [
    ("http://localhost:11434", "http://localhost:11434/v1"),
    ("http://localhost:1234/v1/", "http://localhost:1234/v1"),
    (" https://openrouter.ai/api/v1 ", "https://openrouter.ai/api/v1"),
    ("http://gpu-box:8000/v1/chat/completions/", "http://gpu-box:8000/v1"),
])
def test_a_base_url_is_read_as_people_type_it(typed: str, root: str) -> None:
    assert normalize_base_url(typed) == (root, {})


@pytest.mark.parametrize("typed", ["localhost:11434", "ftp://host/v1", "http://"])
def test_a_base_url_that_is_not_http_is_refused_by_name(typed: str) -> None:
    with pytest.raises(AgentError, match="is not an http"):
        normalize_base_url(typed)


def test_defaults_leave_the_output_limit_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    s = settings_from_env()
    assert (s.base_url, s.max_retries, s.timeout, s.max_tokens, s.headers) == (None, 2, 120.0, None, {})


def test_the_settings_are_read_from_their_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8080/")
    monkeypatch.setenv("MCC_MODEL_MAX_RETRIES", "0")
    monkeypatch.setenv("MCC_MODEL_TIMEOUT", "7.5")
    monkeypatch.setenv("MCC_MODEL_MAX_TOKENS", "2048")
    s = settings_from_env()
    assert (s.base_url, s.api_key, s.max_retries, s.timeout, s.max_tokens) == ("http://localhost:8080/v1", None, 0, 7.5, 2048)


@pytest.mark.parametrize(("name", "value"), [("MCC_MODEL_MAX_RETRIES", "-1"), ("MCC_MODEL_MAX_RETRIES", "two"),
                                             ("MCC_MODEL_TIMEOUT", "0"), ("MCC_MODEL_MAX_TOKENS", "1.5")])
def test_a_bad_number_names_its_variable_and_what_it_takes(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv(name, value)
    with pytest.raises(AgentError) as caught:
        settings_from_env()
    assert caught.value.where == name and repr(value) in caught.value.message and "unset for" in str(caught.value.accepted)


@pytest.mark.parametrize("module", ["agent.model_settings", "agent.text_calls", "agent.model_errors"])
def test_the_doctests_pass(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
