# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""HTTP plumbing shared by the client and the OAuth2 helpers (private).

One request, one answer read in full, and the mapping of every failure onto
the :mod:`.exceptions` hierarchy. Nothing here logs or raises a token, a
secret or a request body.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
import datetime as dt
from email.utils import parsedate_to_datetime
import math
import re
from typing import Any, Final

import aiohttp
import orjson
from yarl import URL

from .exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
)

# OAuth2 error codes (RFC 6749 section 5.2, RFC 6750 section 3.1) that mean
# the credentials are no good: the user or the application must authorize again.
AUTH_ERROR_CODES: Final = frozenset(
    {"invalid_grant", "invalid_token", "invalid_client", "unauthorized_client"}
)
_MAX_DETAIL: Final = 300
# A run this long of base64 or token characters is file content or a credential.
_OPAQUE = re.compile(r"[A-Za-z0-9+/=_-]{64,}")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Answer:
    """A response read in full: status, body and the header the client needs."""

    status: int
    body: bytes
    retry_after: str | None


def describe(method: str, url: URL) -> str:
    """Name a request for messages: method, scheme, host and path, no query."""
    return f"{method} {url.with_query(None)}"


async def send(
    session: aiohttp.ClientSession,
    method: str,
    url: URL,
    *,
    client_timeout: aiohttp.ClientTimeout,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    data: bytes | Mapping[str, str] | None = None,
) -> Answer:
    """Send one request and read its answer, whatever the status.

    Raises :class:`AIEnduranceConnectionError` when no answer comes.
    """
    try:
        async with session.request(
            method,
            url,
            headers=headers,
            params=params,
            data=data,
            timeout=client_timeout,
        ) as response:
            body = await response.read()
            return Answer(response.status, body, response.headers.get("Retry-After"))
    except TimeoutError as err:
        msg = f"{describe(method, url)}: no answer within {client_timeout.total} s"
        raise AIEnduranceConnectionError(msg) from err
    except aiohttp.ClientError as err:
        msg = f"{describe(method, url)}: {_client_error_text(err)}"
        raise AIEnduranceConnectionError(msg) from err


def _client_error_text(err: aiohttp.ClientError) -> str:
    """Describe a transport error without request details."""
    if isinstance(err, aiohttp.ClientConnectorDNSError):
        return f"cannot resolve host {err.host}"
    if isinstance(err, aiohttp.ClientConnectorError):
        reason = err.strerror or type(err).__name__
        return f"cannot connect to {err.host}:{err.port} ({reason})"
    return f"connection failed ({type(err).__name__})"


def parse_retry_after(
    value: str | None, *, now: dt.datetime | None = None
) -> float | None:
    """Read ``Retry-After``: delay seconds or an HTTP date; ``None`` if unreadable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except TypeError, ValueError, IndexError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        now = now or dt.datetime.now(dt.UTC)
        return max(0.0, (when - now).total_seconds())
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def sanitize(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove secrets and anything like file content, squeeze, shorten."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = " ".join(_OPAQUE.sub("<redacted>", text).split())
    if len(text) > _MAX_DETAIL:
        text = text[: _MAX_DETAIL - 3] + "..."
    return text


def _error_fields(body: bytes) -> tuple[str | None, str]:
    """Read an error body: its OAuth2 ``error`` code and its explanation."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        text = body.decode("utf-8", "replace")
        # An HTML error page: keep its words.
        return None, _TAG.sub(" ", text) if text.lstrip().startswith("<") else text
    if not isinstance(data, dict):
        return None, orjson.dumps(data).decode()
    code = data.get("error")
    code = code if isinstance(code, str) else None
    for key in ("detail", "error_description", "message", "error"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return code, value
    return code, orjson.dumps(data).decode()


def raise_for_status(answer: Answer, what: str, secrets: Iterable[str] = ()) -> None:
    """Raise the matching :class:`.AIEnduranceError` for a non-2xx answer."""
    status = answer.status
    if 200 <= status < 300:  # noqa: PLR2004
        return
    code, detail = _error_fields(answer.body)
    detail = sanitize(detail, secrets)
    suffix = f": {detail}" if detail else ""
    if status in {401, 403} or code in AUTH_ERROR_CODES:
        msg = f"{what}: authorization refused (HTTP {status}){suffix}"
        raise AIEnduranceAuthError(msg, status=status)
    if status == 429:  # noqa: PLR2004
        retry_after = parse_retry_after(answer.retry_after)
        wait = "" if retry_after is None else f", retry after {retry_after:g} s"
        msg = f"{what}: rate limited (HTTP 429){wait}{suffix}"
        raise AIEnduranceRateLimitError(msg, status=status, retry_after=retry_after)
    if status >= 500:  # noqa: PLR2004
        retry_after = parse_retry_after(answer.retry_after)
        msg = f"{what}: server error (HTTP {status}){suffix}"
        raise AIEnduranceServerError(msg, status=status, retry_after=retry_after)
    if status >= 400:  # noqa: PLR2004
        msg = f"{what}: request rejected (HTTP {status}){suffix}"
        raise AIEnduranceRequestError(msg, status=status, detail=detail)
    msg = f"{what}: unexpected HTTP {status}"
    raise AIEnduranceResponseError(msg, status=status)


def decode_json(answer: Answer, what: str) -> Any:
    """Parse the answer's body as JSON, or raise :class:`AIEnduranceResponseError`."""
    try:
        return orjson.loads(answer.body)
    except orjson.JSONDecodeError as err:
        msg = (
            f"{what}: the answer is not JSON "
            f"(HTTP {answer.status}, {len(answer.body)} bytes)"
        )
        raise AIEnduranceResponseError(msg, status=answer.status) from err


async def get_token(provider: Callable[[], Awaitable[str]]) -> str:
    """Ask the token provider (or refresher) for an access token, mapping failures.

    Home Assistant's ``OAuth2Session.async_ensure_token_valid`` raises
    ``aiohttp.ClientResponseError`` when a refresh fails: 4xx (``invalid_grant``)
    means authorize again, 429 and 5xx are the server's, others are transport
    errors. Exceptions other than aiohttp's propagate unchanged.
    """
    try:
        token = await provider()
    except aiohttp.ClientResponseError as err:
        status = err.status
        msg = f"token refresh failed (HTTP {status})"
        if status == 429:  # noqa: PLR2004
            raise AIEnduranceRateLimitError(msg, status=status) from err
        if status >= 500:  # noqa: PLR2004
            raise AIEnduranceServerError(msg, status=status) from err
        if status >= 400:  # noqa: PLR2004
            raise AIEnduranceAuthError(msg, status=status) from err
        raise AIEnduranceConnectionError(msg, status=status) from err
    except TimeoutError as err:
        msg = "token refresh failed: no answer"
        raise AIEnduranceConnectionError(msg) from err
    except aiohttp.ClientError as err:
        msg = f"token refresh failed: {_client_error_text(err)}"
        raise AIEnduranceConnectionError(msg) from err
    if not isinstance(token, str) or not token:
        msg = "the token provider returned no access token"
        raise AIEnduranceAuthError(msg)
    return token
