# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""OAuth2 endpoints: authorize page and decision, token, revoke, bearer check.

- `GET /authorize?response_type=code&client_id=..&redirect_uri=..&state=..`
  shows the consent page. An unknown client or an unregistered redirect URI
  gets a 400 page and never a redirect; a bad `response_type` is redirected
  back with `error=unsupported_response_type` (RFC 6749 4.1.2.1).
- `POST /authorize` redirects (302) to `redirect_uri` with `code` and `state`,
  or, on Deny, with `error=access_denied` and `state` and no `code`.
- `POST /o/token/` (form body; client credentials in the body or HTTP Basic):
  grants `authorization_code` and `refresh_token`, RFC 6749 error bodies:
  `invalid_request`, `unsupported_grant_type`, `invalid_grant` (400) and
  `invalid_client` (401).
- `POST /o/revoke_token/` (RFC 7009): 200 even for unknown tokens.
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
from typing import Final
from urllib.parse import unquote_plus

from aiohttp import web
from multidict import MultiDict, MultiDictProxy, MultiMapping
from yarl import URL

from .accounts import Client
from .pages import authorize_page, error_page
from .state import STATE_KEY, SimulatorState
from .tokens import (
    AccessToken,
    InvalidClientError,
    InvalidRequestError,
    OAuthError,
    TokenPair,
    UnsupportedGrantTypeError,
)

_LOGGER = logging.getLogger(__name__)

_FORM_TYPES: Final = ("application/x-www-form-urlencoded", "multipart/form-data")
_NO_STORE: Final = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_HIDDEN_FIELDS: Final = ("client_id", "redirect_uri", "state", "response_type", "scope")


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html")


def _redirect(redirect_uri: str, params: dict[str, str]) -> web.Response:
    location = URL(redirect_uri, encoded=True).extend_query(params)
    return web.Response(status=302, headers={"Location": str(location)})


def _check_authorization_request(
    state: SimulatorState, params: MultiMapping[str]
) -> Client | web.Response:
    """Return the client, or the 400 page an invalid request gets."""
    client_id = params.get("client_id")
    if not client_id:
        return _html(error_page("Invalid request", "client_id is missing."), 400)
    client = state.clients.get(client_id)
    if client is None:
        return _html(error_page("Invalid client", "This client is unknown."), 400)
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri:
        return _html(error_page("Invalid request", "redirect_uri is missing."), 400)
    if not client.allows_redirect(redirect_uri):
        return _html(
            error_page(
                "Invalid redirect URI",
                "This redirect_uri is not registered for this client.",
            ),
            400,
        )
    return client


def _error_params(error: str, params: MultiMapping[str]) -> dict[str, str]:
    result = {"error": error}
    if "state" in params:
        result["state"] = params["state"]
    return result


def _response_type_error(params: MultiMapping[str]) -> web.Response | None:
    response_type = params.get("response_type")
    if response_type == "code":
        return None
    error = "invalid_request" if not response_type else "unsupported_response_type"
    return _redirect(params["redirect_uri"], _error_params(error, params))


async def authorize_get(request: web.Request) -> web.Response:
    """Show the consent page for an authorization request."""
    state = request.app[STATE_KEY]
    params = request.query
    client = _check_authorization_request(state, params)
    if isinstance(client, web.Response):
        return client
    if (error := _response_type_error(params)) is not None:
        return error
    hidden = {name: params[name] for name in _HIDDEN_FIELDS if name in params}
    return _html(authorize_page(client.name, state.athletes.values(), hidden))


async def authorize_post(request: web.Request) -> web.Response:
    """Handle the Authorize / Deny decision with a redirect to the client."""
    state = request.app[STATE_KEY]
    params = _text_fields(await request.post())
    client = _check_authorization_request(state, params)
    if isinstance(client, web.Response):
        return client
    if (error := _response_type_error(params)) is not None:
        return error
    redirect_uri = params["redirect_uri"]
    action = params.get("action")
    if action == "deny":
        _LOGGER.info("Authorization denied for client %s", client.client_id)
        return _redirect(redirect_uri, _error_params("access_denied", params))
    if action != "authorize":
        return _html(error_page("Invalid request", "Choose Authorize or Deny."), 400)
    athlete_id = params.get("athlete", "")
    if athlete_id not in state.athletes:
        return _html(error_page("Invalid request", "Choose an athlete."), 400)
    code = state.tokens.create_code(client.client_id, redirect_uri, athlete_id)
    result = {"code": code}
    if "state" in params:
        result["state"] = params["state"]
    return _redirect(redirect_uri, result)


def _text_fields(form: MultiMapping[object]) -> MultiDictProxy[str]:
    """Return the text fields of a posted form (files are ignored)."""
    return MultiDictProxy(
        MultiDict((key, value) for key, value in form.items() if isinstance(value, str))
    )


def _oauth_error(error: OAuthError) -> web.Response:
    headers = dict(_NO_STORE)
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="oauth"'
    return web.json_response(
        {"error": error.error, "error_description": error.description},
        status=error.status,
        headers=headers,
    )


def _basic_credentials(header: str) -> tuple[str, str]:
    """Decode `Authorization: Basic` (RFC 6749 2.3.1: form-encoded parts)."""
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as err:
        msg = "Malformed Basic credentials."
        raise InvalidClientError(msg) from err
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        msg = "Malformed Basic credentials."
        raise InvalidClientError(msg)
    return unquote_plus(client_id), unquote_plus(secret)


def _authenticate_client(
    state: SimulatorState, request: web.Request, form: MultiMapping[str]
) -> Client:
    """Return the client authenticated by Basic or body credentials."""
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        client_id, secret = _basic_credentials(header)
        body_id = form.get("client_id")
        if body_id is not None and body_id != client_id:
            msg = "client_id differs from the Basic credentials."
            raise InvalidClientError(msg)
    else:
        client_id = form.get("client_id", "")
        secret = form.get("client_secret", "")
    if not client_id:
        msg = "Client authentication required."
        raise InvalidClientError(msg)
    client = state.clients.get(client_id)
    if client is None or not secrets.compare_digest(
        client.client_secret.encode(), secret.encode()
    ):
        msg = "Client authentication failed."
        raise InvalidClientError(msg)
    return client


async def _read_form(request: web.Request) -> MultiDictProxy[str]:
    if request.content_type not in _FORM_TYPES:
        msg = "The body must be application/x-www-form-urlencoded."
        raise InvalidRequestError(msg)
    return _text_fields(await request.post())


def _required(form: MultiMapping[str], name: str) -> str:
    value = form.get(name)
    if not value:
        msg = f"Missing {name} parameter."
        raise InvalidRequestError(msg)
    return value


async def _grant(state: SimulatorState, request: web.Request) -> TokenPair:
    """Run the grant the request asks for; raise `OAuthError` if refused."""
    form = await _read_form(request)
    grant_type = _required(form, "grant_type")
    if grant_type not in {"authorization_code", "refresh_token"}:
        msg = f"Grant type {grant_type!r} not supported."
        raise UnsupportedGrantTypeError(msg)
    client = _authenticate_client(state, request, form)
    if grant_type == "authorization_code":
        return state.tokens.redeem_code(
            _required(form, "code"), client.client_id, form.get("redirect_uri")
        )
    return state.tokens.refresh(_required(form, "refresh_token"), client.client_id)


async def token(request: web.Request) -> web.Response:
    """Serve `POST /o/token/`."""
    try:
        pair = await _grant(request.app[STATE_KEY], request)
    except OAuthError as err:
        _LOGGER.info("Token request refused: %s", err.error)
        return _oauth_error(err)
    return web.json_response(pair.to_json(), headers=_NO_STORE)


async def _revocation(state: SimulatorState, request: web.Request) -> None:
    form = await _read_form(request)
    client = _authenticate_client(state, request, form)
    state.tokens.revoke(_required(form, "token"), client.client_id)


async def revoke_token(request: web.Request) -> web.Response:
    """Serve `POST /o/revoke_token/` (RFC 7009): 200 with an empty body."""
    try:
        await _revocation(request.app[STATE_KEY], request)
    except OAuthError as err:
        return _oauth_error(err)
    return web.Response(status=200)


def bearer_token(request: web.Request) -> AccessToken | web.Response:
    """Return the access token of the request, or the 401 answer to give."""
    state = request.app[STATE_KEY]
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        return web.json_response(
            {"detail": "Authentication credentials were not provided."},
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    check = state.tokens.check_bearer(value)
    if check.token is None:
        description = check.error or "The access token is invalid."
        return web.json_response(
            {"error": "invalid_token", "detail": description},
            status=401,
            headers={
                "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", '
                f'error_description="{description.rstrip(".")}"'
            },
        )
    return check.token
