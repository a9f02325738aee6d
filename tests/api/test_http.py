# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""HTTP helpers: Retry-After, sanitizing, error bodies."""

import datetime as dt

import pytest

from custom_components.ai_endurance.api._http import (
    Answer,
    parse_retry_after,
    raise_for_status,
    sanitize,
)
from custom_components.ai_endurance.api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
)

NOW = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("Thu, 01 Jan 2026 12:01:30 GMT", 90.0),
        ("Thu, 01 Jan 2026 12:01:30 -0000", 90.0),
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0.0),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_parse_retry_after_date_uses_now() -> None:
    late = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=100)).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    seconds = parse_retry_after(late)
    assert seconds is not None
    assert 90 <= seconds <= 100


def test_sanitize() -> None:
    content = "QUJD" * 40
    text = f"bad  token s3cr3t-token-value\n and content {content}"
    assert sanitize(text, ["s3cr3t-token-value", ""]) == (
        "bad token *** and content <redacted>"
    )
    long = sanitize("word " * 200)
    assert len(long) == 300
    assert long.endswith("...")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"detail": "Not found."}', "Not found."),
        (b'{"error": "invalid_request", "error_description": "Bad"}', "Bad"),
        (b'{"message": "Nope"}', "Nope"),
        (b'{"error": "unsupported_token_type"}', "unsupported_token_type"),
        (b'{"summary_id": ["required"]}', '{"summary_id":["required"]}'),
        (b'["a", "b"]', '["a","b"]'),
        (b"plain text", "plain text"),
        (b"<html><body><h1>Not Found</h1></body></html>", "Not Found"),
        (b"", ""),
    ],
)
def test_request_error_detail(body: bytes, detail: str) -> None:
    with pytest.raises(AIEnduranceRequestError) as err:
        raise_for_status(Answer(404, body, None), "GET x")
    assert err.value.detail == detail
    assert err.value.status == 404
    assert str(err.value).startswith("GET x: request rejected (HTTP 404)")


@pytest.mark.parametrize("code", ["invalid_grant", "invalid_client", "invalid_token"])
def test_oauth_error_codes_are_auth_errors(code: str) -> None:
    body = f'{{"error": "{code}"}}'.encode()
    with pytest.raises(AIEnduranceAuthError) as err:
        raise_for_status(Answer(400, body, None), "POST x")
    assert err.value.status == 400


@pytest.mark.parametrize("status", [100, 304, 399])
def test_unexpected_status(status: int) -> None:
    with pytest.raises(AIEnduranceResponseError, match=f"unexpected HTTP {status}"):
        raise_for_status(Answer(status, b"", None), "GET x")


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_success(status: int) -> None:
    raise_for_status(Answer(status, b"", None), "GET x")
