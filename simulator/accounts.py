# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Athletes and registered OAuth2 clients of the simulator.

Two athletes exist so that two accounts can be linked at once. Clients are
registered with an exact list of redirect URIs plus, for the development
client, the loopback callback of a local Home Assistant on any port.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import Final


@dataclass(frozen=True, slots=True)
class Athlete:
    """An AI Endurance user who can authorize a client."""

    athlete_id: str
    name: str


ATHLETES: Final[dict[str, Athlete]] = {
    "1": Athlete("1", "Alex Runner"),
    "2": Athlete("2", "Sam Rider"),
}
"""The simulator's athletes by id ("1" and "2")."""

DEV_CLIENT_ID: Final = "ai-endurance-dev"
DEV_CLIENT_SECRET: Final = "ai-endurance-dev-secret"  # noqa: S105 (documented)
DEV_CLIENT_NAME: Final = "Home Assistant (development)"
MY_HOME_ASSISTANT_REDIRECT_URI: Final = "https://my.home-assistant.io/redirect/oauth"

LOCAL_CALLBACK_PATTERN: Final = re.compile(
    r"http://(?:127\.0\.0\.1|localhost)(?::(?P<port>[0-9]{1,5}))?"
    r"/auth/external/callback"
)
"""Home Assistant's own callback on a loopback address, on any port."""


@dataclass(frozen=True, slots=True)
class Client:
    """A registered OAuth2 client (confidential: it has a secret)."""

    client_id: str
    client_secret: str
    name: str
    redirect_uris: frozenset[str]
    allow_local_callbacks: bool = False
    extra_patterns: tuple[re.Pattern[str], ...] = field(default=())

    def allows_redirect(self, redirect_uri: str) -> bool:
        """Return whether `redirect_uri` is registered for this client.

        Registered URIs match exactly (no prefix or query tolerance). The
        development client also accepts Home Assistant's loopback callback
        `http://127.0.0.1:<port>/auth/external/callback` (or `localhost`).
        """
        if redirect_uri in self.redirect_uris:
            return True
        patterns = list(self.extra_patterns)
        if self.allow_local_callbacks:
            patterns.append(LOCAL_CALLBACK_PATTERN)
        for pattern in patterns:
            match = pattern.fullmatch(redirect_uri)
            if match is None:
                continue
            port = match.groupdict().get("port")
            if port is None or 0 < int(port) < 65536:
                return True
        return False


DEV_CLIENT: Final = Client(
    client_id=DEV_CLIENT_ID,
    client_secret=DEV_CLIENT_SECRET,
    name=DEV_CLIENT_NAME,
    redirect_uris=frozenset({MY_HOME_ASSISTANT_REDIRECT_URI}),
    allow_local_callbacks=True,
)
"""The documented development client, registered by default."""
