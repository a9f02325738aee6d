# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The ai_endurance.ping_fit_files action against the simulator, over loopback.

Nothing is mocked between the action and the simulator: validation, the
outbox and its Store, the client, the shared aiohttp session, the OAuth2
session. Faults are set on the ping endpoint only, so the plan's refreshes
are not affected; time is moved with the freezer.
"""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path
import re
import shutil
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
import yaml

from custom_components.ai_endurance import (
    fit,
    outbox_files,
    services as services_module,
)
from custom_components.ai_endurance.api import FitFilePing
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.outbox_files import BATCH_MAX_FILES
from custom_components.ai_endurance.outbox_store import storage_key
from custom_components.ai_endurance.services import SERVICE_PING_FIT_FILES
from simulator.accounts import DEV_CLIENT_ID
from simulator.testing import SimulatorServer

from .conftest import AddAccount, advance, entity_id_of, state_of
from .fit_builder import first_session_start, flip

FIXTURES = Path(__file__).parent / "fixtures" / "fit"
RUN = "garmin-fenix-5-run.fit"
FENIX2 = "activity-small-fenix2-run.fit"
PING_PATH = "/api/fit_partner_ping/"
OTHER_CLIENT = "another-app"


@pytest.fixture
def fit_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """An allowed folder holding copies of the real recordings."""
    folder = tmp_path / "fit"
    shutil.copytree(FIXTURES, folder)
    hass.config.allowlist_external_dirs = {str(folder)}
    return folder


@pytest.fixture
async def entry(add_account: AddAccount) -> MockConfigEntry:
    return await add_account()


async def ping(
    hass: HomeAssistant, *, response: bool = True, **data: Any
) -> dict[str, Any] | None:
    return await hass.services.async_call(
        DOMAIN,
        SERVICE_PING_FIT_FILES,
        data,
        blocking=True,
        return_response=response,
    )


def pings(simulator: SimulatorServer) -> list[Any]:
    return list(simulator.state.pings)


def delivered(simulator: SimulatorServer) -> Counter[str]:
    return Counter(received.summary_id for received in simulator.state.pings)


def pending_sensor(hass: HomeAssistant, entry: MockConfigEntry) -> State:
    entity_id = entity_id_of(hass, "sensor", f"{entry.unique_id}_pending_uploads")
    return state_of(hass, entity_id)


type RunRetries = Callable[..., Awaitable[None]]


@pytest.fixture
def run_retries(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> RunRetries:
    """Return a function letting the outboxes retry until nothing waits.

    One-minute steps, up to ``limit`` minutes; then every account's outbox
    must be empty.
    """

    def waiting() -> int:
        return sum(
            entry.runtime_data.outbox.pending_count
            for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        )

    async def run(limit: int = 20) -> None:
        for _ in range(limit):
            if not waiting():
                return
            await advance(hass, freezer, 61)
        assert waiting() == 0

    return run


def copy_run_into(folder: str) -> None:
    Path(folder).mkdir(exist_ok=True)
    shutil.copyfile(FIXTURES / RUN, Path(folder) / RUN)


def copies_of_run(folder: Path, count: int, prefix: str) -> list[str]:
    """Copy the run ``count`` times into ``folder``; return the paths."""
    files = []
    for index in range(count):
        path = folder / f"{prefix}-{index:02d}.fit"
        shutil.copyfile(FIXTURES / RUN, path)
        files.append(str(path))
    return files


# --- the ping, field by field ---------------------------------------------------


async def test_every_field_of_the_ping(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """A path given to the action arrives at the simulator with every field right."""
    path = fit_dir / FENIX2
    response = await ping(hass, files=[str(path)], activity_name="Easy run")
    assert response == {
        "files": [{"file": str(path), "summary_id": FENIX2, "status": "sent"}],
        "pending": 0,
    }
    [received] = pings(simulator)
    content = path.read_bytes()
    assert received.client_id == DEV_CLIENT_ID
    assert received.athlete_id == "1"
    assert received.file_type == "FIT"
    assert received.activity_name == "Easy run"
    assert received.priority == 1
    assert received.source == "Home Assistant"
    assert received.overwrite_mode is False
    # A string: the session's start, not the file's (later) creation time.
    assert received.start_time_in_seconds == str(
        int(first_session_start(path).timestamp())
    )
    assert received.start_time_in_seconds == "1439649908"
    assert received.callback_kind == "base64"
    assert received.decoded_size == len(content)
    assert received.sha256 == hashlib.sha256(content).hexdigest()
    assert received.summary_id == FENIX2
    # The admin endpoint shows the same.
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{simulator.url}/_sim/pings") as answer,
    ):
        body = await answer.json()
    listed = body["pings"] if isinstance(body, dict) else body
    assert listed[0]["summary_id"] == FENIX2
    assert listed[0]["start_time_in_seconds"] == "1439649908"


async def test_url_priority_source_overrides(
    hass: HomeAssistant, simulator: SimulatorServer, entry: MockConfigEntry
) -> None:
    url = "https://files.example/exports/ride%2042.fit?token=abc"
    start = dt.datetime(2026, 11, 20, 8, 15, tzinfo=dt.UTC)
    response = await ping(
        hass,
        files=url,
        priority="0",
        source="Wahoo via Home Assistant",
        overwrite_mode=True,
        start_time=start.isoformat(),
    )
    assert response is not None
    assert response["files"][0]["summary_id"] == "ride 42.fit"
    [received] = pings(simulator)
    assert received.callback_kind == "url"
    assert received.callback_url == url
    assert received.priority == 0
    assert received.source == "Wahoo via Home Assistant"
    assert received.overwrite_mode is True
    assert received.start_time_in_seconds == str(int(start.timestamp()))
    assert received.activity_name is None


async def test_single_file_overrides(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """A naive start time is Home Assistant's local time."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await ping(
        hass,
        files=[str(fit_dir / RUN)],
        summary_id="garmin-123",
        start_time="2026-11-20 09:00:00",
        response=False,
    )
    [received] = pings(simulator)
    assert received.summary_id == "garmin-123"
    berlin = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    assert received.start_time_in_seconds == str(int(berlin.timestamp()))


async def test_relative_path_and_no_response(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
) -> None:
    folder = hass.config.path("fit")
    copy_run_into(folder)
    hass.config.allowlist_external_dirs = {folder}
    assert await ping(hass, files=f"fit/{RUN}", response=False) is None
    assert delivered(simulator) == {RUN: 1}


async def test_bulk_send_in_batches(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    files = copies_of_run(fit_dir, 23, "run")
    response = await ping(hass, files=files)
    assert response is not None
    assert {item["status"] for item in response["files"]} == {"sent"}
    assert simulator.state.request_count(PING_PATH, "POST") == 3
    assert len(delivered(simulator)) == 23
    assert max(delivered(simulator).values()) == 1
    assert BATCH_MAX_FILES == 10


async def test_no_duplicates_unless_overwrite(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    path = str(fit_dir / RUN)
    await ping(hass, files=path)
    again = await ping(hass, files=path)
    assert again is not None
    assert again["files"][0] == {
        "file": path,
        "summary_id": RUN,
        "status": "rejected",
        "reason": "already_sent",
    }
    assert delivered(simulator) == {RUN: 1}
    forced = await ping(hass, files=path, overwrite_mode=True)
    assert forced is not None
    assert forced["files"][0]["status"] == "sent"
    assert delivered(simulator) == {RUN: 2}
    assert pings(simulator)[-1].overwrite_mode is True


# --- validation -----------------------------------------------------------------------


def _bad_files(folder: Path) -> dict[str, Path]:
    real = (folder / RUN).read_bytes()
    made = {
        "notfit.fit": b"Just some text, not a recording at all.\n",
        "header.fit": bytes([13]) + real[1:],
        "crc.fit": flip(real, 2500),
        "empty.fit": b"",
        "truncated.fit": real[:-300],
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


@pytest.mark.parametrize(
    ("name", "key", "words"),
    [
        ("notfit.fit", "file_not_fit", "is not a FIT file"),
        ("header.fit", "file_not_fit", "is not a FIT file"),
        ("crc.fit", "file_crc", "checksum does not match"),
        ("empty.fit", "file_empty", "is empty"),
        ("truncated.fit", "file_size_mismatch", "incomplete"),
        ("missing.fit", "file_not_found", "does not exist"),
        ("Settings.fit", "file_not_activity", "not an activity"),
        ("MonitoringFile.fit", "file_not_activity", "not an activity"),
    ],
)
async def test_invalid_files(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    name: str,
    key: str,
    words: str,
) -> None:
    """Every failure is translated and names the file; nothing is sent."""
    _bad_files(fit_dir)
    path = str(fit_dir / name)
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=[str(fit_dir / RUN), path])
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert err.value.translation_placeholders["file"] == path
    assert path in str(err.value)
    assert words in str(err.value)
    assert pings(simulator) == []
    assert entry.runtime_data.outbox.pending_count == 0


async def test_too_large(
    hass: HomeAssistant, entry: MockConfigEntry, fit_dir: Path
) -> None:
    path = str(fit_dir / RUN)
    with (
        patch.object(fit, "MAX_FIT_FILE_SIZE", 5000),
        pytest.raises(ServiceValidationError) as err,
    ):
        await ping(hass, files=path)
    assert err.value.translation_key == "file_too_large"
    assert f"{path} is larger than 50 MiB, the limit for FIT files" in str(err.value)


async def test_outside_the_allowlist(
    hass: HomeAssistant, entry: MockConfigEntry, fit_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(FIXTURES / RUN, outside / RUN)
    for path in (str(outside / RUN), str(fit_dir / ".." / "elsewhere" / RUN)):
        with pytest.raises(ServiceValidationError) as err:
            await ping(hass, files=path)
        assert err.value.translation_key == "path_not_allowed"
        assert path in str(err.value)
    # A link inside the allowed folder pointing outside is not allowed either.
    (fit_dir / "link.fit").symlink_to(outside / RUN)
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=str(fit_dir / "link.fit"))
    assert err.value.translation_key == "path_not_allowed"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"files": "ftp://files.example/run.fit"}, "url_invalid"),
        ({"files": "file:///etc/passwd"}, "url_invalid"),
        ({"files": "https:///run.fit"}, "url_invalid"),
        ({"files": "https://files.example/run.fit"}, "url_start_time_required"),
        (
            {"files": "https://files.example/", "start_time": "2026-11-20T08:00:00Z"},
            "summary_id_required",
        ),
        (
            {"files": ["https://a.example/x.fit", "https://b.example/y.fit"]},
            "overrides_single_file",
        ),
        (
            {
                "files": ["https://a.example/x.fit"],
                "start_time": "1969-12-31T00:00:00Z",
            },
            "start_time_invalid",
        ),
    ],
)
async def test_invalid_urls_and_overrides(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    data: dict[str, Any],
    key: str,
) -> None:
    if key == "overrides_single_file":
        data = {**data, "summary_id": "x"}
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, **data)
    assert err.value.translation_key == key
    message = str(err.value)
    assert "{" not in message
    if key != "overrides_single_file":
        first = data["files"][0] if isinstance(data["files"], list) else data["files"]
        assert first in message
    assert pings(simulator) == []


async def test_duplicate_summary_ids_in_one_call(
    hass: HomeAssistant, entry: MockConfigEntry, fit_dir: Path
) -> None:
    (fit_dir / "other").mkdir()
    shutil.copyfile(FIXTURES / RUN, fit_dir / "other" / RUN)
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=[str(fit_dir / RUN), str(fit_dir / "other" / RUN)])
    assert err.value.translation_key == "duplicate_summary_id"
    assert str(fit_dir / "other" / RUN) in str(err.value)


async def test_schema(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    for data in (
        {"files": []},
        {"files": [""]},
        {"files": "x.fit", "priority": 2},
        {"files": "x.fit", "source": " "},
        {"files": "x.fit", "start_time": "not a time"},
    ):
        with pytest.raises(Exception, match=r"\w") as err:
            await ping(hass, **data)
        assert not isinstance(err.value, HomeAssistantError) or isinstance(
            err.value, ServiceValidationError
        )


# --- accounts -------------------------------------------------------------------------


async def test_account_choice(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    add_account: AddAccount,
    fit_dir: Path,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=str(fit_dir / RUN))
    assert err.value.translation_key == "no_account"
    await add_account("1")
    second = await add_account("2")
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=str(fit_dir / RUN))
    assert err.value.translation_key == "account_required"
    await ping(hass, files=str(fit_dir / RUN), config_entry_id=second.entry_id)
    [received] = pings(simulator)
    assert received.athlete_id == "2"
    await hass.config_entries.async_unload(second.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await ping(hass, files=str(fit_dir / RUN), config_entry_id=second.entry_id)
    assert err.value.translation_key == "service_config_entry_not_loaded"


# --- API failures ---------------------------------------------------------------------


async def test_refused_by_ai_endurance(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    add_account: AddAccount,
    fit_dir: Path,
) -> None:
    """A token of another client: the ping's client_id does not match (400)."""
    simulator.state.register_client(OTHER_CLIENT, "secret", ["https://x.example/cb"])
    entry = await add_account(client_id=OTHER_CLIENT)
    with pytest.raises(HomeAssistantError) as err:
        await ping(hass, files=str(fit_dir / RUN))
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "ping_refused"
    assert str(fit_dir / RUN) in str(err.value)
    assert "client_id" in str(err.value)
    assert entry.runtime_data.outbox.pending_count == 0
    # With a URL queued behind... nothing left either way; a refused file is
    # not remembered as sent.
    assert not entry.runtime_data.outbox.was_delivered(RUN)


async def test_file_changed_before_sending(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """A file damaged between validation and sending is rejected; others go."""
    real_validate = fit.validate_fit_bytes
    calls = 0

    def damaged_first(data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise fit.FitFileError(fit.FitProblem.CRC, "the file CRC does not match")
        real_validate(data)

    def unknown_mtime(path: str) -> fit.FitFileInfo:
        return dataclasses.replace(fit.inspect_fit_file(path), mtime_ns=0)

    files = [str(fit_dir / RUN), str(fit_dir / FENIX2)]
    with (
        patch.object(services_module, "inspect_fit_file", unknown_mtime),
        patch.object(outbox_files, "validate_fit_bytes", damaged_first),
    ):
        response = await ping(hass, files=files)
    assert response is not None
    assert response["files"] == [
        {
            "file": files[0],
            "summary_id": RUN,
            "status": "rejected",
            "reason": "file_unavailable",
            "detail": "the file CRC does not match",
        },
        {"file": files[1], "summary_id": FENIX2, "status": "sent"},
    ]
    assert delivered(simulator) == {FENIX2: 1}


async def test_file_missing_at_send_time_waits(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    run_retries: RunRetries,
) -> None:
    """The share went away after the check: queued, shown, sent once back."""
    file = str(fit_dir / RUN)
    with patch.object(
        outbox_files, "open", side_effect=FileNotFoundError(2, "gone"), create=True
    ):
        response = await ping(hass, files=file)
    assert response is not None
    assert response["files"] == [
        {"file": file, "summary_id": RUN, "status": "queued", "reason": "file_missing"}
    ]
    state = pending_sensor(hass, entry)
    assert state.state == "1"
    assert state.attributes["last_error"] == "file_missing"
    await run_retries()
    assert delivered(simulator) == {RUN: 1}
    assert pending_sensor(hass, entry).attributes["last_error"] is None


async def test_invalid_item_is_rejected(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """No ping can be built: the call says so, translated; nothing waits."""
    file = str(fit_dir / RUN)
    with (
        patch.object(FitFilePing, "from_bytes", side_effect=ValueError("bad")),
        pytest.raises(HomeAssistantError) as err,
    ):
        await ping(hass, files=file)
    assert err.value.translation_key == "ping_invalid"
    assert file in str(err.value)
    assert entry.runtime_data.outbox.pending_count == 0
    assert delivered(simulator) == {}
    real = FitFilePing.from_bytes

    def broken_run(content: bytes, **fields: Any) -> Any:
        if fields["summary_id"] == RUN:
            msg = "bad"
            raise TypeError(msg)
        return real(content, **fields)

    with patch.object(FitFilePing, "from_bytes", broken_run):
        response = await ping(hass, files=[file, str(fit_dir / FENIX2)])
    assert response is not None
    assert [(f["status"], f.get("reason")) for f in response["files"]] == [
        ("rejected", "invalid_item"),
        ("sent", None),
    ]
    assert delivered(simulator) == {FENIX2: 1}


@pytest.mark.parametrize(
    ("fault", "options", "reason"),
    [
        ("unavailable", {"count": 3}, "server_error"),
        ("server_error", {"count": 2}, "server_error"),
        ("rate_limit", {"count": 2, "retry_after": 90}, "rate_limited"),
        ("unavailable", {"count": 1, "retry_after": 120}, "server_error"),
        # Two 401s: the request and its retry after the forced refresh.
        ("expired_token", {"count": 2}, "auth_failed"),
    ],
)
async def test_faults_end_with_every_file_delivered_once(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    run_retries: RunRetries,
    fault: str,
    options: dict[str, Any],
    reason: str,
) -> None:
    files = [str(fit_dir / name) for name in (RUN, FENIX2, "Activity.fit")]
    simulator.set_fault(fault, paths=[PING_PATH], **options)
    response = await ping(hass, files=files)
    assert response is not None
    assert [item["status"] for item in response["files"]] == ["queued"] * 3
    assert {item["reason"] for item in response["files"]} == {reason}
    assert response["pending"] == 3
    state = pending_sensor(hass, entry)
    assert state.state == "3"
    assert state.attributes["last_error"] == reason
    assert state.attributes["retry_at"] is not None
    if fault == "expired_token":
        flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    await run_retries()
    assert delivered(simulator) == {RUN: 1, FENIX2: 1, "Activity.fit": 1}
    state = pending_sensor(hass, entry)
    assert state.state == "0"
    assert state.attributes["last_error"] is None


@pytest.mark.usefixtures("entry")
async def test_timeouts(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    fit_dir: Path,
    freezer: FrozenDateTimeFactory,
    run_retries: RunRetries,
) -> None:
    """No answer within the client's 30 s: queued; the retry delivers it once.

    The simulator holds the answer 35 s; the clock is frozen, so the request
    waits until the test moves time past the client's timeout. The simulator
    drops a request whose client hung up; a server that went on with it would
    get the file twice (delivery is at least once; AI Endurance keys files by
    summary_id).
    """
    simulator.set_fault("slow", count=1, delay=35, paths=[PING_PATH])
    call = hass.async_create_task(ping(hass, files=str(fit_dir / RUN)))
    for _ in range(100_000):  # until the request waits at the simulator
        await asyncio.sleep(0)  # (the frozen clock fires no timer)
        if simulator.state.request_count(PING_PATH, "POST"):
            break
    assert not call.done()
    freezer.tick(dt.timedelta(seconds=31))
    async_fire_time_changed(hass)
    response = await call
    assert response is not None
    assert response["files"][0]["reason"] == "connection_error"
    for _ in range(1000):  # the simulator sees the client hang up
        await asyncio.sleep(0)
    await run_retries()
    assert delivered(simulator) == {RUN: 1}


async def test_token_refused_once_is_refreshed(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """A 401 for a token valid by its expiry: one refresh, the same ping again."""
    old_token = entry.data["token"]["access_token"]
    simulator.set_fault("expired_token", count=1, paths=[PING_PATH])
    response = await ping(hass, files=str(fit_dir / RUN))
    assert response is not None
    assert response["files"] == [
        {"file": str(fit_dir / RUN), "summary_id": RUN, "status": "sent"}
    ]
    assert delivered(simulator) == {RUN: 1}
    assert simulator.state.request_count(PING_PATH, "POST") == 2
    assert simulator.state.request_count("/o/token/", "POST") == 1
    assert entry.data["token"]["access_token"] != old_token
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_token_renewed_before_the_ping(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    add_account: AddAccount,
    fit_dir: Path,
    freezer: FrozenDateTimeFactory,
    run_retries: RunRetries,
) -> None:
    """An expired access token is refreshed first; a failed refresh queues."""
    entry = await add_account()
    freezer.tick(dt.timedelta(hours=11))  # past the access token's 10 hours
    simulator.set_fault("unavailable", paths=["/o/token/"])  # until cleared
    response = await ping(hass, files=str(fit_dir / RUN))
    assert response is not None
    assert response["files"][0]["status"] == "queued"
    assert response["files"][0]["reason"] == "server_error"
    simulator.clear_faults()
    await run_retries()
    assert delivered(simulator) == {RUN: 1}
    assert entry.data["token"]["expires_at"] > time.time()


async def test_server_down(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    freezer: FrozenDateTimeFactory,
    run_retries: RunRetries,
) -> None:
    """No server at all (connection refused): queued, delivered when it is back."""
    port = simulator.port
    await simulator.stop()
    response = await ping(hass, files=str(fit_dir / RUN))
    assert response is not None
    assert response["files"][0]["reason"] == "connection_error"
    await advance(hass, freezer, 3600)
    assert entry.runtime_data.outbox.pending_count == 1
    async with SimulatorServer(state=simulator.state, port=port) as back:
        await run_retries(limit=65)
        assert delivered(back) == {RUN: 1}


# --- restarts ---------------------------------------------------------------------


async def test_restart_in_the_middle(
    hass: HomeAssistant,
    *,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Files queued when Home Assistant stops go out once after it starts again."""
    files = copies_of_run(fit_dir, 25, "ride")
    await ping(hass, files=files[:10])  # delivered before the outage
    simulator.set_fault("unavailable", paths=[PING_PATH])  # until cleared
    response = await ping(hass, files=files[10:])
    assert response is not None
    assert {item["status"] for item in response["files"]} == {"queued"}
    await advance(hass, freezer, 45)  # a retry fails too
    assert pending_sensor(hass, entry).state == "15"

    # Stop: the entry unloads, the Store keeps what waits.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[storage_key(entry.entry_id)]["data"]
    assert len(stored["pending"]) == 15
    assert len(stored["delivered"]) == 10
    assert "callback_url" not in str(stored)  # paths and metadata only
    simulator.clear_faults()
    await advance(hass, freezer, 3600)
    assert len(delivered(simulator)) == 10  # nothing is sent while stopped

    # Start again: delivery resumes at once.
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert delivered(simulator) == Counter({Path(f).name: 1 for f in files})
    assert pending_sensor(hass, entry).state == "0"
    # Delivered files are still known after the restart: no resend.
    again = await ping(hass, files=files[:2])
    assert again is not None
    assert {item["reason"] for item in again["files"]} == {"already_sent"}
    assert sum(delivered(simulator).values()) == 25


async def test_removal_deletes_the_outbox(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
    hass_storage: dict[str, Any],
) -> None:
    simulator.set_fault("unavailable", paths=[PING_PATH])
    await ping(hass, files=str(fit_dir / RUN))
    key = storage_key(entry.entry_id)
    assert hass_storage[key]["data"]["pending"]
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


# --- the README's folder-watcher automation -----------------------------------------


def readme_automation() -> dict[str, Any]:
    """Return the README's automation that sends each new file of a folder."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    [block] = [block for block in blocks if "folder_watcher" in block]
    config: dict[str, Any] = yaml.safe_load(block)
    return config


async def test_readme_folder_watcher_automation(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    entry: MockConfigEntry,
    fit_dir: Path,
) -> None:
    """Folder Watcher events for new files: each FIT file is sent once."""
    config = await hass.async_add_executor_job(readme_automation)
    assert await async_setup_component(hass, "automation", config)
    written = str(fit_dir / RUN)
    events = [
        {"event_type": "closed", "path": written},
        {"event_type": "closed", "path": written},  # written twice
        {"event_type": "modified", "path": str(fit_dir / FENIX2)},  # not a trigger
        {"event_type": "closed", "path": str(fit_dir / "LICENSE.fitparse")},
        {
            "event_type": "moved",
            "path": str(fit_dir / ".sync-tmp"),
            "dest_path": str(fit_dir / FENIX2),
        },
    ]
    for data in events:
        folder, name = os.path.split(data["path"])
        hass.bus.async_fire("folder_watcher", {**data, "file": name, "folder": folder})
        await hass.async_block_till_done()
    assert delivered(simulator) == {RUN: 1, FENIX2: 1}
