# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The client against the AI Endurance simulator, over real loopback HTTP."""

import base64
from collections import Counter
import dataclasses
import datetime as dt
import hashlib
from typing import Any, Self

import aiohttp
import pytest

from custom_components.ai_endurance.api import (
    AIEnduranceAuthError,
    AIEnduranceClient,
    AIEnduranceConnectionError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
    AIEnduranceShapeError,
    FitFilePing,
    TargetKind,
    WorkoutPlan,
    WorkoutType,
    revoke_token,
)
from simulator import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from simulator.plan import steps_duration

from .conftest import Sim

# A minimal FIT file: a 14-byte header (".FIT" at bytes 8..11), then data.
FIT = (
    bytes([14, 0x20, 0x8C, 0x08, 0x10, 0, 0, 0])
    + b".FIT"
    + b"\x00\x00"
    + bytes(range(256))
)


async def make_client(sim: Sim, athlete: str = "1", **kwargs: Any) -> AIEnduranceClient:
    token = await sim.token(athlete)

    async def provider() -> str:
        return token

    return AIEnduranceClient(
        sim.session, provider, client_id=DEV_CLIENT_ID, base_url=sim.url, **kwargs
    )


# Happy path


async def test_plan(sim: Sim) -> None:
    client = await make_client(sim)
    plan = await client.get_workouts()
    raw = sim.state.plans["1"]
    assert len(plan) == len(raw)
    assert plan.skipped == 0
    assert plan.account_id == "1"
    assert plan.workouts[0].date >= sim.state.start
    assert plan.workouts[-1].date < sim.state.start + dt.timedelta(days=sim.state.days)
    assert {w.known_type for w in plan if w.steps} == set(WorkoutType)
    assert {w.activity for w in plan} == {"Run", "Ride", None}  # swims: no steps
    assert any(w.is_long for w in plan)
    assert max(Counter(w.date for w in plan).values()) == 2
    for workout, item in zip(plan, raw, strict=True):
        assert workout.id == str(item["id"])
        assert workout.date.isoformat() == item["date"]
        assert workout.title == item["title"]
        assert workout.extra == {}
        steps = item["steps"]
        if steps is None:
            assert workout.steps is None
            continue
        assert workout.duration == steps_duration(steps)
        assert workout.stress == steps["stress"]
        assert workout.is_interval == (steps["type"] != "Endurance")
        target = workout.main_target
        assert target is not None
        power = steps["act_type"] == "Ride" or target.value > 10
        assert target.kind is (TargetKind.POWER if power else TargetKind.PACE)
        if steps["act_type"] == "Run" and power:
            assert target.value >= 100


async def test_both_target_kinds_of_runs(sim: Sim) -> None:
    plan = await (await make_client(sim)).get_workouts()
    kinds = {w.main_target.kind for w in plan if w.activity == "Run" and w.main_target}
    assert kinds == {TargetKind.PACE, TargetKind.POWER}


async def test_second_athlete(sim: Sim) -> None:
    plan = await (await make_client(sim, "2")).get_workouts()
    assert plan.account_id == "2"
    assert len(plan) == len(sim.state.plans["2"])


async def test_start_date(sim: Sim) -> None:
    client = await make_client(sim)
    after = sim.state.start + dt.timedelta(days=20)
    plan = await client.get_workouts(after)
    assert plan.workouts
    assert all(w.date > after for w in plan)
    assert len(plan) == len(sim.state.workouts("1", after))
    whole = await client.get_workouts()
    assert plan.between(after, after + dt.timedelta(days=100)) == whole.between(
        after + dt.timedelta(days=1), after + dt.timedelta(days=100)
    )


async def test_plan_helpers_on_simulated_plan(sim: Sim) -> None:
    plan = await (await make_client(sim)).get_workouts()
    two = next(d for d, n in Counter(w.date for w in plan).items() if n == 2)
    first, second = plan.on(two)
    main = plan.main_on(two)
    assert main is not None
    assert main == max(
        (first, second), key=lambda w: (w.stress or -1, w.duration or -1)
    )
    assert plan.next_after(two - dt.timedelta(days=1)) in (first, second)


# Errors


@pytest.mark.parametrize(
    ("fault", "status", "error"),
    [
        ("expired_token", 401, AIEnduranceAuthError),
        ("unauthorized", 401, AIEnduranceAuthError),
        ("forbidden", 403, AIEnduranceAuthError),
        ("server_error", 500, AIEnduranceServerError),
        ("unavailable", 503, AIEnduranceServerError),
        ("malformed_json", 200, AIEnduranceResponseError),
        ("not_json", 200, AIEnduranceResponseError),
        ("variant_wrong_shape", 200, AIEnduranceShapeError),
    ],
)
async def test_faults(
    sim: Sim, fault: str, status: int, error: type[Exception]
) -> None:
    client = await make_client(sim)
    await sim.fault(fault, count=1)
    with pytest.raises(error) as err:
        await client.get_workouts()
    assert type(err.value) is error
    assert err.value.status == status  # type: ignore[attr-defined]
    # The fault is used up: the next request works.
    assert len(await client.get_workouts()) == len(sim.state.plans["1"])


@pytest.mark.parametrize(
    ("fault", "retry_after", "error", "status", "message"),
    [
        ("rate_limit", 7, AIEnduranceRateLimitError, 429, "429"),
        ("unavailable", 90, AIEnduranceServerError, 503, "503 Service Unavailable"),
    ],
)
async def test_retry_after(
    sim: Sim,
    *,
    fault: str,
    retry_after: int,
    error: type[AIEnduranceServerError | AIEnduranceRateLimitError],
    status: int,
    message: str,
) -> None:
    """Retry-After of a 429 or a 503 reaches the caller, in seconds."""
    client = await make_client(sim)
    await sim.fault(fault, count=1, retry_after=retry_after)
    with pytest.raises(error) as err:
        await client.get_workouts()
    assert type(err.value) is error
    assert err.value.retry_after == float(retry_after)
    assert err.value.status == status
    assert message in str(err.value)


async def test_revoked_and_expired_tokens(sim: Sim) -> None:
    client = await make_client(sim)
    await sim.expire_tokens()
    with pytest.raises(AIEnduranceAuthError):
        await client.get_workouts()
    client = await make_client(sim)
    await sim.fault("revoked_token")
    with pytest.raises(AIEnduranceAuthError) as err:
        await client.get_workouts()
    assert err.value.status == 401


class SimTokens:
    """A token pair kept like Home Assistant does; ``refresh`` uses the token grant."""

    def __init__(self, sim: Sim, pair: dict[str, Any]) -> None:
        self.sim = sim
        self.pair = pair
        self.refreshes = 0

    @classmethod
    async def issue(cls, sim: Sim) -> Self:
        return cls(sim, await _token_pair(sim))

    async def provide(self) -> str:
        token: str = self.pair["access_token"]
        return token

    async def refresh(self) -> str:
        self.refreshes += 1
        async with self.sim.session.post(
            f"{self.sim.url}/o/token/",
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.pair["refresh_token"],
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
            },
        ) as response:
            response.raise_for_status()  # ClientResponseError, as HA raises
            self.pair = await response.json()
        return await self.provide()

    def client(self, *, refresher: bool = True) -> AIEnduranceClient:
        return AIEnduranceClient(
            self.sim.session,
            self.provide,
            client_id=DEV_CLIENT_ID,
            base_url=self.sim.url,
            token_refresher=self.refresh if refresher else None,
        )


@pytest.mark.parametrize(
    ("count", "refresher", "requests", "refreshes"),
    [
        (1, True, 2, 1),  # refused once: refreshed, retried, fine
        (None, True, 2, 1),  # refused again once refreshed
        (1, False, 1, 0),  # no refresher: refused at once
    ],
)
async def test_expired_token_refresh(
    sim: Sim, count: int | None, *, refresher: bool, requests: int, refreshes: int
) -> None:
    tokens = await SimTokens.issue(sim)
    old = dict(tokens.pair)
    await sim.fault("expired_token", count=count)
    client = tokens.client(refresher=refresher)
    if count == 1 and refresher:
        assert len(await client.get_workouts()) == len(sim.state.plans["1"])
    else:
        with pytest.raises(AIEnduranceAuthError) as err:
            await client.get_workouts()
        assert err.value.status == 401
        assert old["access_token"] not in str(err.value)
        assert tokens.pair["access_token"] not in str(err.value)
    assert sim.state.request_count("/o/future_workout_static/") == requests
    assert sim.state.request_count("/o/token/", "POST") == refreshes
    assert tokens.refreshes == refreshes
    if refreshes:  # the refresh token rotated
        assert tokens.pair["refresh_token"] != old["refresh_token"]


async def test_expired_token_ping_resent(sim: Sim) -> None:
    tokens = await SimTokens.issue(sim)
    await sim.fault("expired_token", count=1, paths=["/api/fit_partner_ping/"])
    answer = await tokens.client().ping_fit_files([inline_ping()])
    assert answer["summary_ids"] == ["morning-run.fit"]
    assert tokens.refreshes == 1
    assert sim.state.request_count("/api/fit_partner_ping/", "POST") == 2
    assert len(await sim.pings()) == 1


async def test_revoked_token_refresh_refused(sim: Sim) -> None:
    """Revoked at AI Endurance: the refresh token is refused too, an auth error."""
    tokens = await SimTokens.issue(sim)
    await sim.fault("revoked_token")
    with pytest.raises(AIEnduranceAuthError, match="token refresh failed") as err:
        await tokens.client().get_workouts()
    assert err.value.status == 400
    assert tokens.refreshes == 1
    assert sim.state.request_count("/o/future_workout_static/") == 1


async def test_unknown_token(sim: Sim) -> None:
    async def provider() -> str:
        return "not-a-token"

    client = AIEnduranceClient(
        sim.session, provider, client_id=DEV_CLIENT_ID, base_url=sim.url
    )
    with pytest.raises(AIEnduranceAuthError) as err:
        await client.get_workouts()
    assert "not-a-token" not in str(err.value)


@pytest.mark.parametrize(
    ("limit", "fault", "error", "match"),
    [
        (
            {"timeout": 0.2},
            {"fault": "slow", "delay": 5},
            AIEnduranceConnectionError,
            "no answer within",
        ),
        (
            {"max_pages": 3},
            {"fault": "variant_paginated", "page_size": 5},
            AIEnduranceResponseError,
            "more than 3 pages",
        ),
    ],
    ids=["timeout", "page_cap"],
)
async def test_client_limits(
    sim: Sim,
    limit: dict[str, Any],
    fault: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    """A limit set on the client turns a too slow or too long answer into an error."""
    client = await make_client(sim, **limit)
    await sim.fault(count=1, **fault)
    with pytest.raises(error, match=match):
        await client.get_workouts()


async def test_slow_but_in_time(sim: Sim) -> None:
    client = await make_client(sim, timeout=5)
    await sim.fault("slow", count=1, delay=0.1)
    assert len(await client.get_workouts()) == len(sim.state.plans["1"])


async def test_connection_refused(sim: Sim) -> None:
    client = await make_client(sim)
    await sim.server.stop()
    with pytest.raises(AIEnduranceConnectionError, match="cannot connect"):
        await client.get_workouts()


async def test_bad_start_date_is_a_request_error(sim: Sim) -> None:
    client = await make_client(sim)

    class OddDate(dt.date):
        def isoformat(self) -> str:
            return "01/05/2026"

    with pytest.raises(AIEnduranceRequestError) as err:
        await client.get_workouts(OddDate(2026, 1, 5))
    assert err.value.status == 400
    assert "startDate" in err.value.detail


# Schema variants


async def test_paginated(sim: Sim) -> None:
    client = await make_client(sim)
    expected = await client.get_workouts()
    await sim.fault("variant_paginated", count=1, page_size=7)
    plan = await client.get_workouts()
    assert plan == expected
    pages = -(-len(expected) // 7)
    assert sim.state.request_count("/o/future_workout_static/") == 1 + pages


async def test_paginated_keeps_start_date(sim: Sim) -> None:
    client = await make_client(sim)
    after = sim.state.start + dt.timedelta(days=30)
    expected = await client.get_workouts(after)
    await sim.fault("variant_paginated", count=1, page_size=5)
    assert await client.get_workouts(after) == expected


async def test_steps_as_strings(sim: Sim) -> None:
    client = await make_client(sim)
    expected = await client.get_workouts()
    await sim.fault("variant_steps_string", count=1)
    assert await client.get_workouts() == expected


@pytest.mark.parametrize(
    "fault",
    [
        "variant_aliases",
        "variant_datetime_dates",
        "variant_string_numbers",
        "variant_envelope_workouts",
        "variant_envelope_data",
    ],
)
async def test_wider_reading(sim: Sim, fault: str) -> None:
    """Each variant reads as the same plan as the documented shape."""
    client = await make_client(sim)
    expected = await client.get_workouts()
    await sim.fault(fault, count=1)
    plan = await client.get_workouts()
    assert plan == expected
    assert plan.is_complete
    assert [w.extra for w in plan] == [w.extra for w in expected] == [{}] * len(plan)
    assert [(w.sport, w.duration, w.main_target) for w in plan] == [
        (w.sport, w.duration, w.main_target) for w in expected
    ]
    # The same values of the same types (38, not 38.0).
    assert repr(plan.workouts) == repr(expected.workouts)
    assert sim.state.request_count("/o/future_workout_static/") == 2


async def test_unknown_date_key_reads_nothing_and_says_so(sim: Sim) -> None:
    client = await make_client(sim)
    await sim.fault("variant_unknown_date_key", count=1)
    plan = await client.get_workouts()
    assert len(plan) == 0
    assert plan.skipped == len(sim.state.plans["1"])
    assert plan.unreadable_fields == {"date"}
    shape = client.last_response_shape
    assert shape is not None
    assert shape["envelope"] == "list"
    assert shape["items"] == len(sim.state.plans["1"])
    assert "scheduled_day" in shape["first_items"][0]["keys"]
    assert "date" not in shape["first_items"][0]["keys"]


async def test_last_response_shape(sim: Sim) -> None:
    client = await make_client(sim)
    before = client.last_response_shape
    assert before is None
    plan = await client.get_workouts()
    shape = client.last_response_shape
    assert shape is not None
    assert (shape["type"], shape["envelope"]) == ("array", "list")
    assert shape["items"] == len(plan)
    assert set(shape["first_items"][0]["keys"]) == {
        "id",
        "date",
        "title",
        "user",
        "steps",
    }
    await sim.fault("variant_wrong_shape", count=1)
    with pytest.raises(AIEnduranceShapeError) as err:
        await client.get_workouts()
    # Keys are named, values never.
    assert err.value.keys == ("data", "status")
    assert "data, status" in str(err.value)
    assert "ok" not in str(err.value).split("got", 1)[1]
    assert client.last_response_shape == {
        "type": "object",
        "envelope": "unknown",
        "keys": {"data": "object", "status": "string"},
    }


async def test_nulls_and_unknowns(sim: Sim) -> None:
    client = await make_client(sim)
    expected = await client.get_workouts()
    await sim.fault("variant_nulls", count=1)
    plan = await client.get_workouts()
    assert len(plan) == len(expected)
    assert plan.skipped == 0
    assert [w.date for w in plan] == [w.date for w in expected]
    # Position 0 of 6: no title, extra fields kept.
    assert plan.workouts[0].title is None
    assert plan.workouts[0].extra == {
        "description": None,
        "coach_note": "Keep it conversational.",
    }
    # Position 1: no id, no user (the others still name the account).
    assert plan.workouts[1].id is None
    assert plan.workouts[1].user is None
    assert plan.account_id == "1"
    # Position 5: no steps key, extra tags.
    assert plan.workouts[5].steps is None
    assert plan.workouts[5].extra == {"tags": ["indoor"]}
    # Unknown types and activities are kept; unknown step fields too.
    recovery = [w for w in plan if w.workout_type == "Recovery"]
    assert recovery
    assert all(w.known_type is None for w in recovery)
    assert all(w.steps and w.steps.extra == {"cadence_target": 90} for w in recovery)
    assert any(w.activity == "Hike" for w in plan)
    # Every helper still works.
    for day in plan.days:
        assert plan.main_on(day) is not None
        for workout in plan.on(day):
            assert workout.duration is None or workout.duration > 0


# FIT pings


def inline_ping(summary_id: str = "morning-run.fit") -> FitFilePing:
    return FitFilePing.from_bytes(
        FIT,
        summary_id=summary_id,
        start_time=dt.datetime(2026, 1, 6, 6, 30, tzinfo=dt.UTC),
        source="home-assistant",
        activity_name="Morning run",
    )


async def test_ping_inline_and_url(sim: Sim) -> None:
    client = await make_client(sim)
    url_ping = FitFilePing.from_url(
        "https://files.example/ride.fit",
        summary_id="ride.fit",
        start_time=1767681000,
        source="home-assistant",
        priority=0,
        overwrite_mode=True,
    )
    answer = await client.ping_fit_files([inline_ping(), url_ping])
    assert answer == {
        "status": "ok",
        "received": 2,
        "summary_ids": ["morning-run.fit", "ride.fit"],
    }
    inline, by_url = await sim.pings()
    assert inline["callback_kind"] == "base64"
    assert inline["sha256"] == hashlib.sha256(FIT).hexdigest()
    assert inline["decoded_size"] == len(FIT)
    assert inline["start_time_in_seconds"] == "1767681000"
    assert inline["activity_name"] == "Morning run"
    assert inline["priority"] == 1
    assert inline["overwrite_mode"] is False
    assert inline["athlete_id"] == "1"
    assert inline["client_id"] == DEV_CLIENT_ID
    assert by_url["callback_kind"] == "url"
    assert by_url["callback_url"] == "https://files.example/ride.fit"
    assert by_url["priority"] == 0
    assert by_url["overwrite_mode"] is True
    assert by_url["activity_name"] is None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BrokenPing(FitFilePing):
    """A ping whose JSON is changed after the model's own checks."""

    drop: str | None = None
    change: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        body = FitFilePing.to_json(self) | dict(self.change)
        if self.drop is not None:
            del body[self.drop]
        return body


def broken(**kwargs: Any) -> BrokenPing:
    base = inline_ping()
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(FitFilePing)}
    return BrokenPing(**fields, **kwargs)


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(FitFilePing)])
async def test_ping_missing_field(sim: Sim, field: str) -> None:
    """The server requires every field of a ping, optional in the model or not."""
    client = await make_client(sim)
    with pytest.raises(AIEnduranceRequestError) as err:
        await client.ping_fit_files([broken(drop=field)])
    assert err.value.status == 400
    assert err.value.detail == f"activity_files[0].{field}: this field is required"
    assert str(err.value) == (
        f"POST {sim.url}/api/fit_partner_ping/: request rejected (HTTP 400): "
        f"activity_files[0].{field}: this field is required"
    )
    assert await sim.pings() == []


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (
            ("start_time_in_seconds", 1767681000),
            "start_time_in_seconds: must be a string",
        ),
        (("priority", 2), "priority: must be 0 or 1"),
        (("file_type", "GPX"), 'file_type: must be "FIT"'),
        (("callback_url", "bm90IGEgZml0IGZpbGU="), "not a FIT file"),
    ],
)
async def test_ping_rejected(sim: Sim, change: tuple[str, Any], detail: str) -> None:
    client = await make_client(sim)
    with pytest.raises(AIEnduranceRequestError, match=detail):
        await client.ping_fit_files([broken(change=(change,))])


async def test_ping_content_never_in_messages(sim: Sim) -> None:
    client = await make_client(sim)
    junk = base64.b64encode(b"\x00" * 200).decode()
    ping = FitFilePing(
        callback_url=junk, summary_id="x.fit", start_time_in_seconds=1, source="s"
    )
    with pytest.raises(AIEnduranceRequestError) as err:
        await client.ping_fit_files([ping])
    assert junk not in str(err.value)
    assert junk[:64] not in str(err.value)
    assert "not a FIT file" in err.value.detail


async def test_ping_of_another_client_is_rejected(sim: Sim) -> None:
    token = await sim.token()

    async def provider() -> str:
        return token

    client = AIEnduranceClient(
        sim.session, provider, client_id="someone-else", base_url=sim.url
    )
    with pytest.raises(AIEnduranceRequestError, match="client_id: does not match"):
        await client.ping_fit_files([inline_ping()])


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("rate_limit", AIEnduranceRateLimitError),
        ("server_error", AIEnduranceServerError),
        ("expired_token", AIEnduranceAuthError),
        ("not_json", AIEnduranceResponseError),
    ],
)
async def test_ping_faults(sim: Sim, fault: str, error: type[Exception]) -> None:
    client = await make_client(sim)
    await sim.fault(fault, count=1, paths=["/api/fit_partner_ping/"])
    with pytest.raises(error):
        await client.ping_fit_files([inline_ping()])
    assert await client.ping_fit_files([inline_ping()]) == {
        "status": "ok",
        "received": 1,
        "summary_ids": ["morning-run.fit"],
    }


# Token revocation


async def _token_pair(sim: Sim) -> dict[str, Any]:
    async with sim.session.post(
        f"{sim.url}/_sim/token", json={"athlete": "1"}
    ) as response:
        pair: dict[str, Any] = await response.json()
        return pair


async def test_revoke_refresh_token(sim: Sim) -> None:
    pair = await _token_pair(sim)

    async def provider() -> str:
        token: str = pair["access_token"]
        return token

    client = AIEnduranceClient(
        sim.session, provider, client_id=DEV_CLIENT_ID, base_url=sim.url
    )
    assert await client.get_workouts()
    await revoke_token(
        sim.session,
        token=pair["refresh_token"],
        client_id=DEV_CLIENT_ID,
        client_secret=DEV_CLIENT_SECRET,
        revoke_url=f"{sim.url}/o/revoke_token/",
        token_type_hint="refresh_token",
    )
    with pytest.raises(AIEnduranceAuthError):
        await client.get_workouts()
    # RFC 7009: revoking an unknown token succeeds too.
    await revoke_token(
        sim.session,
        token="no-such-token",
        client_id=DEV_CLIENT_ID,
        client_secret=DEV_CLIENT_SECRET,
        revoke_url=f"{sim.url}/o/revoke_token/",
    )


async def test_revoke_with_wrong_secret(sim: Sim) -> None:
    pair = await _token_pair(sim)
    with pytest.raises(AIEnduranceAuthError) as err:
        await revoke_token(
            sim.session,
            token=pair["access_token"],
            client_id=DEV_CLIENT_ID,
            client_secret="wrong-secret-value",
            revoke_url=f"{sim.url}/o/revoke_token/",
        )
    assert "wrong-secret-value" not in str(err.value)
    assert pair["access_token"] not in str(err.value)


async def test_revoke_connection_error(sim: Sim) -> None:
    url = f"{sim.url}/o/revoke_token/"
    await sim.server.stop()
    with pytest.raises(AIEnduranceConnectionError):
        await revoke_token(
            sim.session,
            token="t",
            client_id=DEV_CLIENT_ID,
            client_secret=DEV_CLIENT_SECRET,
            revoke_url=url,
            timeout=2,
        )


async def test_plan_survives_json_round_trip(sim: Sim) -> None:
    """Two fetches of the same plan compare equal (the integration diffs plans)."""
    client = await make_client(sim)
    first, second = await client.get_workouts(), await client.get_workouts()
    assert first == second
    assert isinstance(first, WorkoutPlan)
    assert hash(first.workouts[0]) == hash(second.workouts[0])
    assert aiohttp.ClientTimeout(total=30) == client._timeout
