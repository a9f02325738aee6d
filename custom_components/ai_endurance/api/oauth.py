# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""OAuth2 helpers that Home Assistant's OAuth2 flow does not provide."""

from typing import Literal

import aiohttp
from yarl import URL

from ._http import describe, raise_for_status, send
from .const import DEFAULT_TIMEOUT, REVOKE_URL


async def revoke_token(
    session: aiohttp.ClientSession,
    *,
    token: str,
    client_id: str,
    client_secret: str,
    revoke_url: str = REVOKE_URL,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - the HTTP request's
    token_type_hint: Literal["access_token", "refresh_token"] | None = None,
) -> None:
    """Revoke an access or refresh token (RFC 7009).

    Posts ``token``, ``client_id`` and ``client_secret`` as a form body. Per
    RFC 7009 the server answers 200 also for a token that is already invalid,
    so success means the token is unusable now. Failures raise the client's
    :class:`~.exceptions.AIEnduranceError` hierarchy (``invalid_client``:
    :class:`~.exceptions.AIEnduranceAuthError`); neither the token nor the
    secret appears in a message.
    """
    form = {"token": token, "client_id": client_id, "client_secret": client_secret}
    if token_type_hint is not None:
        form["token_type_hint"] = token_type_hint
    url = URL(revoke_url)
    answer = await send(
        session,
        "POST",
        url,
        client_timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"Accept": "application/json"},
        data=form,
    )
    raise_for_status(answer, describe("POST", url), (token, client_secret))
