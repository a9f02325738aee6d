# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""`POST /api/fit_partner_ping/`: validation of every field, and the record."""

import base64
import hashlib
from typing import Any

from aiohttp import ClientSession

from simulator.pings import FILE_FIELDS, is_fit_content
from simulator.testing import SimulatorServer

from .conftest import CLIENT_ID, PING, REDIRECT_URI, admin, bearer


def fit_bytes(header_size: int = 14, payload: bytes = b"\x00" * 32) -> bytes:
    """Return a minimal FIT file: header (12 or 14 bytes) and some data."""
    header = bytes([header_size, 0x10]) + (2132).to_bytes(2, "little")
    header += len(payload).to_bytes(4, "little") + b".FIT"
    if header_size == 14:
        header += b"\x00\x00"
    return header + payload


def entry(**changes: Any) -> dict[str, Any]:
    """Return a valid `activity_files` entry with `changes`."""
    return {
        "file_type": "FIT",
        "activity_name": "Morning Run",
        "priority": 1,
        "source": "garmin",
        "overwrite_mode": False,
        "start_time_in_seconds": "1767600000",
        "callback_url": "https://files.example/activity/1.fit",
        "summary_id": "activity-1.fit",
    } | changes


async def ping(
    session: ClientSession,
    server: SimulatorServer,
    body: Any,
    *,
    token: str | None = None,
    athlete: str = "1",
) -> tuple[int, Any]:
    """POST a ping; return status and JSON body."""
    if token is None:
        token = server.issue_token(athlete).access_token
    async with session.post(
        f"{server.url}{PING}", json=body, headers=bearer(token)
    ) as response:
        return response.status, await response.json()


def body(*files: dict[str, Any]) -> dict[str, Any]:
    return {"client_id": CLIENT_ID, "activity_files": list(files)}


async def test_ping_with_url_and_base64_content(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    content = fit_bytes(14)
    files = [
        entry(),
        entry(
            summary_id="ride.fit",
            activity_name=None,
            priority=0,
            overwrite_mode=True,
            callback_url=base64.b64encode(content).decode(),
        ),
        entry(
            summary_id="old.fit", callback_url=base64.b64encode(fit_bytes(12)).decode()
        ),
    ]
    status, answer = await ping(session, simulator, body(*files), athlete="2")
    assert status == 200
    assert answer == {
        "status": "ok",
        "received": 3,
        "summary_ids": ["activity-1.fit", "ride.fit", "old.fit"],
    }
    pings = (await admin(session, simulator, "GET", "pings"))["pings"]
    assert len(pings) == 3
    url_ping, inline_ping, _ = pings
    # Every field as sent (a URL is kept as it is), plus who sent it and when.
    assert url_ping | {"received_at": None} == {
        **entry(),
        "received_at": None,
        "athlete_id": "2",
        "client_id": CLIENT_ID,
        "callback_kind": "url",
        "decoded_size": None,
        "sha256": None,
    }
    assert inline_ping["callback_kind"] == "base64"
    assert inline_ping["callback_url"] is None
    assert inline_ping["decoded_size"] == len(content)
    assert inline_ping["sha256"] == hashlib.sha256(content).hexdigest()
    assert inline_ping["activity_name"] is None
    assert inline_ping["priority"] == 0
    assert inline_ping["overwrite_mode"] is True
    # The content itself is not kept anywhere.
    assert base64.b64encode(content).decode() not in str(pings)
    assert simulator.state.pings[1].summary_id == "ride.fit"


async def test_a_large_inline_file_is_accepted(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    content = fit_bytes(14, b"\x01" * 600_000)
    encoded = base64.b64encode(content).decode()
    status, answer = await ping(session, simulator, body(entry(callback_url=encoded)))
    assert (status, answer["received"]) == (200, 1)
    assert simulator.state.pings[0].decoded_size == len(content)


async def test_every_field_is_required(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    token = simulator.issue_token().access_token
    for field in FILE_FIELDS:
        file = entry()
        del file[field]
        status, answer = await ping(
            session, simulator, body(entry(), file), token=token
        )
        assert status == 400
        assert answer["error"] == "invalid_request"
        assert answer["detail"] == f"activity_files[1].{field}: this field is required"
    assert simulator.state.pings == []


WRONG_VALUES: list[tuple[str, Any, str]] = [
    ("file_type", "fit", 'must be "FIT"'),
    ("file_type", "GPX", 'must be "FIT"'),
    ("file_type", None, 'must be "FIT"'),
    ("activity_name", 3, "must be a string or null"),
    ("activity_name", ["run"], "must be a string or null"),
    ("priority", "1", "must be an integer (0 or 1)"),
    ("priority", True, "must be an integer (0 or 1)"),
    ("priority", 1.0, "must be an integer (0 or 1)"),
    ("priority", 2, "must be 0 or 1"),
    ("priority", -1, "must be 0 or 1"),
    ("source", None, "must be a string"),
    ("source", 7, "must be a string"),
    ("overwrite_mode", "false", "must be a boolean"),
    ("overwrite_mode", 0, "must be a boolean"),
    ("overwrite_mode", None, "must be a boolean"),
    ("start_time_in_seconds", 1767600000, "must be a string"),
    ("start_time_in_seconds", None, "must be a string"),
    ("start_time_in_seconds", "", "must be a unix time stamp in digits"),
    ("start_time_in_seconds", "1767600000.5", "must be a unix time stamp"),
    ("start_time_in_seconds", "-1", "must be a unix time stamp in digits"),
    ("start_time_in_seconds", "١٢٣", "must be a unix time stamp in digits"),
    ("callback_url", None, "must be a string"),
    ("callback_url", 42, "must be a string"),
    ("callback_url", "", "must be an http(s) URL or base64-encoded FIT content"),
    ("callback_url", "https://", "URL has no host"),
    ("callback_url", "ftp://files.example/a.fit", "neither an http(s) URL nor"),
    ("callback_url", "not base64!", "neither an http(s) URL nor"),
    ("callback_url", "ünïcode", "neither an http(s) URL nor"),
    (
        "callback_url",
        base64.b64encode(b"just some text, not a fit file").decode(),
        "not a FIT file",
    ),
    (
        "callback_url",
        base64.b64encode(fit_bytes(13)).decode(),
        "not a FIT file",
    ),
    ("callback_url", base64.b64encode(b"\x0e.FIT").decode(), "not a FIT file"),
    ("summary_id", "", "must not be empty"),
    ("summary_id", None, "must be a string"),
    ("summary_id", 12, "must be a string"),
]


async def test_wrong_types_give_a_clear_error(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    token = simulator.issue_token().access_token
    assert {field for field, _, _ in WRONG_VALUES} == set(FILE_FIELDS)
    for field, value, detail in WRONG_VALUES:
        payload = body(entry(**{field: value}))
        status, answer = await ping(session, simulator, payload, token=token)
        assert status == 400, (field, value)
        assert answer["detail"].startswith(f"activity_files[0].{field}: ")
        assert detail in answer["detail"], (field, value, answer["detail"])
        assert answer["errors"] == [answer["detail"]]
    assert simulator.state.pings == []


async def test_every_problem_is_listed(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    files = [entry(priority=5), entry(), entry(source=None, summary_id="")]
    status, answer = await ping(session, simulator, body(*files))
    assert status == 400
    assert answer["errors"] == [
        "activity_files[0].priority: must be 0 or 1",
        "activity_files[2].source: must be a string",
        "activity_files[2].summary_id: must not be empty",
    ]


BODY_ERRORS: list[tuple[Any, str]] = [
    ([], "body: must be a JSON object"),
    ({"activity_files": [entry()]}, "client_id: this field is required"),
    ({"client_id": 1, "activity_files": [entry()]}, "client_id: must be a string"),
    (
        {"client_id": "someone-else", "activity_files": [entry()]},
        "client_id: does not match the client of the access token",
    ),
    ({"client_id": CLIENT_ID}, "activity_files: this field is required"),
    (
        {"client_id": CLIENT_ID, "activity_files": entry()},
        "activity_files: must be a list",
    ),
    (
        {"client_id": CLIENT_ID, "activity_files": []},
        "activity_files: must not be empty",
    ),
    (
        {"client_id": CLIENT_ID, "activity_files": ["a.fit"]},
        "activity_files[0]: must be an object",
    ),
]


async def test_body_errors(simulator: SimulatorServer, session: ClientSession) -> None:
    token = simulator.issue_token().access_token
    for payload, detail in BODY_ERRORS:
        status, answer = await ping(session, simulator, payload, token=token)
        assert (status, answer["detail"]) == (400, detail)


async def test_client_id_must_match_the_token_client(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.state.register_client("other", "other-secret", [REDIRECT_URI])
    token = simulator.issue_token("1", "other").access_token
    status, answer = await ping(session, simulator, body(entry()), token=token)
    assert status == 400
    assert answer["detail"].startswith("client_id: does not match")
    payload = {"client_id": "other", "activity_files": [entry()]}
    status, _ = await ping(session, simulator, payload, token=token)
    assert status == 200
    assert simulator.state.pings[0].client_id == "other"


async def test_body_must_be_json(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    headers = bearer(simulator.issue_token().access_token)
    async with session.post(
        f"{simulator.url}{PING}",
        data=b"{not json",
        headers=headers | {"Content-Type": "application/json"},
    ) as response:
        assert response.status == 400
        assert (await response.json())["detail"] == "body: not valid JSON"
    async with session.post(
        f"{simulator.url}{PING}", data={"client_id": CLIENT_ID}, headers=headers
    ) as response:
        assert response.status == 415
        assert (await response.json())["error"] == "unsupported_media_type"


async def test_ping_needs_a_bearer_token(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.post(f"{simulator.url}{PING}", json=body(entry())) as response:
        assert response.status == 401
    status, _ = await ping(session, simulator, body(entry()), token="revoked")
    assert status == 401
    assert simulator.state.pings == []


async def test_pings_can_be_cleared(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    await ping(session, simulator, body(entry(), entry(summary_id="b.fit")))
    assert await admin(session, simulator, "DELETE", "pings") == {"cleared": 2}
    assert (await admin(session, simulator, "GET", "pings"))["pings"] == []


def test_fit_header_check() -> None:
    assert is_fit_content(fit_bytes(12))
    assert is_fit_content(fit_bytes(14))
    assert not is_fit_content(fit_bytes(14)[:13])
    assert not is_fit_content(b"")
    assert not is_fit_content(b"\x0c" + b"\x00" * 7 + b".fit")
