# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Authorization codes, access tokens and refresh tokens.

Behaviour follows django-oauth-toolkit, which serves AI Endurance's `/o/`
endpoints, and RFC 6749 / RFC 7009:

- codes live 15 minutes, are single use and bound to client and redirect URI;
- access tokens live 36000 seconds; refresh tokens do not expire;
- a refresh rotates: the old refresh token and its access token stop working;
- revoking a refresh token also revokes the access tokens issued with it.

Token values come from `secrets.token_urlsafe` and are never logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import logging
import secrets
from typing import Final

_LOGGER = logging.getLogger(__name__)

ACCESS_TOKEN_LIFETIME: Final = 36000
"""Seconds an access token is valid (`expires_in`)."""
CODE_LIFETIME: Final = timedelta(minutes=15)
"""How long an authorization code can be exchanged."""
TOKEN_TYPE: Final = "Bearer"  # noqa: S105 (not a secret)
SCOPE: Final = "read write"


class OAuthError(Exception):
    """An RFC 6749 error: `error` code, description and HTTP status."""

    error = "invalid_request"
    status = 400

    def __init__(self, description: str) -> None:
        """Store the description (`error_description`)."""
        super().__init__(f"{self.error}: {description}")
        self.description = description


class InvalidRequestError(OAuthError):
    """`invalid_request`: a parameter is missing or malformed."""


class InvalidClientError(OAuthError):
    """`invalid_client`: client authentication failed (401)."""

    error = "invalid_client"
    status = 401


class InvalidGrantError(OAuthError):
    """`invalid_grant`: the code or refresh token is invalid, used or foreign."""

    error = "invalid_grant"


class UnsupportedGrantTypeError(OAuthError):
    """`unsupported_grant_type`: neither authorization_code nor refresh_token."""

    error = "unsupported_grant_type"


@dataclass(slots=True)
class AuthorizationCode:
    """A code issued by `POST /authorize`."""

    client_id: str
    redirect_uri: str
    athlete_id: str
    expires_at: datetime
    used: bool = False


@dataclass(slots=True)
class AccessToken:
    """An access token and what it grants."""

    client_id: str
    athlete_id: str
    expires_at: datetime
    refresh_token: str | None
    scope: str = SCOPE


@dataclass(slots=True)
class RefreshToken:
    """A refresh token and the access tokens issued with it."""

    client_id: str
    athlete_id: str
    access_tokens: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class TokenPair:
    """What the token endpoint answers."""

    access_token: str
    refresh_token: str
    expires_in: int = ACCESS_TOKEN_LIFETIME
    token_type: str = TOKEN_TYPE
    scope: str = SCOPE

    def to_json(self) -> dict[str, str | int]:
        """Return the RFC 6749 token response body."""
        return {
            "access_token": self.access_token,
            "expires_in": self.expires_in,
            "token_type": self.token_type,
            "scope": self.scope,
            "refresh_token": self.refresh_token,
        }


@dataclass(frozen=True, slots=True)
class BearerCheck:
    """Result of checking a bearer token: the token, or why it is refused."""

    token: AccessToken | None
    error: str | None = None


class TokenStore:
    """Every code and token the simulator has issued and not revoked."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        """Create an empty store reading the time from `now`."""
        self._now = now
        self.codes: dict[str, AuthorizationCode] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """Read the time from `now` from here on."""
        self._now = now

    def clear(self) -> None:
        """Forget every code and token."""
        self.codes.clear()
        self.access_tokens.clear()
        self.refresh_tokens.clear()

    # Authorization codes

    def create_code(self, client_id: str, redirect_uri: str, athlete_id: str) -> str:
        """Issue an authorization code for `athlete_id`, valid 15 minutes."""
        code = secrets.token_urlsafe(32)
        self.codes[code] = AuthorizationCode(
            client_id=client_id,
            redirect_uri=redirect_uri,
            athlete_id=athlete_id,
            expires_at=self._now() + CODE_LIFETIME,
        )
        _LOGGER.info("Issued a code for athlete %s, client %s", athlete_id, client_id)
        return code

    def redeem_code(
        self, code: str, client_id: str, redirect_uri: str | None
    ) -> TokenPair:
        """Exchange a code for a token pair (grant `authorization_code`).

        `redirect_uri` is checked when the request carries one (the documented
        curl call omits it; Home Assistant sends it). Raise `OAuthError`
        (`invalid_grant`) for an unknown, used, expired or foreign code.
        """
        grant = self.codes.get(code)
        if grant is None:
            msg = "Invalid authorization code."
            raise InvalidGrantError(msg)
        if grant.used:
            msg = "Authorization code already used."
            raise InvalidGrantError(msg)
        if grant.client_id != client_id:
            msg = "Authorization code issued to another client."
            raise InvalidGrantError(msg)
        if self._now() >= grant.expires_at:
            msg = "Authorization code expired."
            raise InvalidGrantError(msg)
        if redirect_uri is not None and redirect_uri != grant.redirect_uri:
            msg = "Mismatching redirect_uri."
            raise InvalidGrantError(msg)
        grant.used = True
        return self.issue(client_id, grant.athlete_id)

    # Tokens

    def issue(self, client_id: str, athlete_id: str) -> TokenPair:
        """Issue a new access and refresh token for `athlete_id`."""
        access = secrets.token_urlsafe(32)
        refresh = secrets.token_urlsafe(32)
        self.refresh_tokens[refresh] = RefreshToken(
            client_id=client_id, athlete_id=athlete_id, access_tokens={access}
        )
        self.access_tokens[access] = AccessToken(
            client_id=client_id,
            athlete_id=athlete_id,
            expires_at=self._now() + timedelta(seconds=ACCESS_TOKEN_LIFETIME),
            refresh_token=refresh,
        )
        _LOGGER.info(
            "Issued a token pair for athlete %s, client %s", athlete_id, client_id
        )
        return TokenPair(access_token=access, refresh_token=refresh)

    def refresh(self, refresh_token: str, client_id: str) -> TokenPair:
        """Rotate a refresh token (grant `refresh_token`).

        The old refresh token and the access tokens issued with it are
        revoked. Raise `OAuthError` (`invalid_grant`) when the refresh token
        is unknown, revoked, already used or belongs to another client.
        """
        record = self.refresh_tokens.get(refresh_token)
        if record is None:
            msg = "Invalid refresh token."
            raise InvalidGrantError(msg)
        if record.client_id != client_id:
            msg = "Refresh token issued to another client."
            raise InvalidGrantError(msg)
        self._revoke_refresh(refresh_token)
        return self.issue(client_id, record.athlete_id)

    def revoke(self, token: str, client_id: str) -> bool:
        """Revoke an access or refresh token of `client_id` (RFC 7009).

        Return whether something was revoked. Unknown tokens and tokens of
        other clients are left alone; the endpoint answers 200 either way.
        """
        refresh = self.refresh_tokens.get(token)
        if refresh is not None and refresh.client_id == client_id:
            self._revoke_refresh(token)
            _LOGGER.info("Revoked a refresh token of athlete %s", refresh.athlete_id)
            return True
        access = self.access_tokens.get(token)
        if access is not None and access.client_id == client_id:
            del self.access_tokens[token]
            if access.refresh_token in self.refresh_tokens:
                self.refresh_tokens[access.refresh_token].access_tokens.discard(token)
            _LOGGER.info("Revoked an access token of athlete %s", access.athlete_id)
            return True
        return False

    def revoke_all(self) -> tuple[int, int]:
        """Revoke every token; return how many access and refresh tokens."""
        counts = (len(self.access_tokens), len(self.refresh_tokens))
        self.access_tokens.clear()
        self.refresh_tokens.clear()
        _LOGGER.info("Revoked all tokens")
        return counts

    def expire_access_tokens(self) -> int:
        """Make every access token expired now; return how many."""
        now = self._now()
        for token in self.access_tokens.values():
            token.expires_at = now
        return len(self.access_tokens)

    def check_bearer(self, token: str) -> BearerCheck:
        """Look up an access token presented as `Authorization: Bearer`."""
        record = self.access_tokens.get(token)
        if record is None:
            return BearerCheck(None, "The access token is invalid.")
        if self._now() >= record.expires_at:
            return BearerCheck(None, "The access token expired.")
        return BearerCheck(record)

    def _revoke_refresh(self, refresh_token: str) -> None:
        record = self.refresh_tokens.pop(refresh_token)
        for access in record.access_tokens:
            self.access_tokens.pop(access, None)
