# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""HTML pages: the authorize page and error pages.

Every value shown is escaped; nothing secret (codes, tokens) ever appears.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Final

from .accounts import Athlete

_STYLE: Final = """
body { font-family: system-ui, sans-serif; background: #f4f6f8; color: #1c2430;
       margin: 0; display: flex; justify-content: center; }
main { background: #fff; margin: 4rem 1rem; padding: 2rem 2.5rem; max-width: 28rem;
       border-radius: 12px; box-shadow: 0 2px 12px rgba(0, 0, 0, .08); }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; padding: .4rem 0; }
.actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: 6px; cursor: pointer;
         border: 1px solid #c5ccd6; background: #fff; }
button.primary { background: #e4572e; border-color: #e4572e; color: #fff; }
.note { color: #5b6675; font-size: .85rem; margin-top: 1.5rem; }
"""


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def authorize_page(
    client_name: str,
    athletes: Iterable[Athlete],
    hidden: Mapping[str, str],
    *,
    selected: str = "1",
) -> str:
    """Return the consent page: pick an athlete, then Authorize or Deny.

    `hidden` holds the authorization request (client_id, redirect_uri,
    state, response_type, scope) posted back with the decision.
    """
    fields = "".join(
        f"<input type='hidden' name='{escape(name)}' value='{escape(value)}'>"
        for name, value in hidden.items()
    )
    choices = "".join(
        "<label><input type='radio' name='athlete' "
        f"value='{escape(athlete.athlete_id)}'"
        f"{' checked' if athlete.athlete_id == selected else ''}> "
        f"{escape(athlete.name)} <small>(athlete {escape(athlete.athlete_id)})"
        "</small></label>"
        for athlete in athletes
    )
    body = (
        "<h1>AI Endurance</h1>"
        f"<p><strong>{escape(client_name)}</strong> would like to read your "
        "training plan and send you activity files.</p>"
        "<form method='post' action='/authorize'>"
        f"{fields}<fieldset><legend>Sign in as</legend>{choices}</fieldset>"
        "<div class='actions'>"
        "<button class='primary' type='submit' name='action' value='authorize'>"
        "Authorize</button>"
        "<button type='submit' name='action' value='deny'>Deny</button>"
        "</div></form>"
        "<p class='note'>Local AI Endurance simulator: no password needed.</p>"
    )
    return _document("Authorize - AI Endurance", body)


def error_page(title: str, message: str) -> str:
    """Return an error page (shown instead of redirecting)."""
    body = f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
    return _document(f"{title} - AI Endurance", body)
