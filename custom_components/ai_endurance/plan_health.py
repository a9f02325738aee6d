# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Never a silent rest day: say so when AI Endurance's plan cannot be read.

The schema of the plan is not published. When AI Endurance sends workouts
under names the client does not know, reading them gives fewer workouts or
none, and an empty day reads "rest day": the worst thing a training
dashboard can say. So the coordinator hands each answer to :class:`PlanHealth`:

- workouts sent but none readable, or an answer of unknown shape: the fetch
  fails (the plan entities are unavailable);
- some unreadable: the plan shows what could be read;
- either way a warning names the missing or unreadable fields (names only,
  never values) once per change of the problem, and a repair issue asks the
  user to download the diagnostics and open an issue. The next poll that
  reads the plan removes it.

An empty plan (``[]``, an envelope without results) is a real plan of rest
days and raises nothing.
"""

from dataclasses import dataclass, field
from enum import StrEnum
import logging
from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.loader import async_get_integration

from .api import WorkoutPlan
from .const import DOMAIN

if TYPE_CHECKING:
    from .data import AIEnduranceConfigEntry

_LOGGER = logging.getLogger(__name__)

ISSUE_UNREADABLE: Final = "plan_unreadable"
ISSUE_PARTLY_UNREADABLE: Final = "plan_partly_unreadable"
ISSUE_UNKNOWN_SHAPE: Final = "plan_unknown_shape"
_PLEASE_REPORT: Final = (
    "Please download the diagnostics of the entry and open an issue at %s"
)
NO_FIELDS: Final = "-"
"""What the texts show when the client could not name a field."""


class PlanProblemKind(StrEnum):
    """How an answer of AI Endurance failed to read as a plan."""

    UNKNOWN_SHAPE = "unknown_shape"
    """JSON, but neither a list of workouts nor an envelope the client knows."""
    UNREADABLE = "unreadable"
    """Workouts sent, none readable."""
    PARTLY_UNREADABLE = "partly_unreadable"
    """Workouts sent, some of them (or some of their fields) unreadable."""


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """What could not be read: field names and counts, never values.

    Two problems are the same (one warning) when their kind and fields are;
    the counts move with the plan and only update the repair issue.
    """

    kind: PlanProblemKind
    fields: tuple[str, ...]
    """The missing or unreadable fields; for an unknown shape, the answer's keys."""
    skipped: int = field(default=0, compare=False)
    total: int = field(default=0, compare=False)

    def as_dict(self) -> dict[str, object]:
        """Return the problem for the diagnostics."""
        return {
            "kind": self.kind.value,
            "fields": list(self.fields),
            "skipped": self.skipped,
            "total": self.total,
        }

    @property
    def counts(self) -> tuple[int, int]:
        """Return how many workouts were left out, of how many sent."""
        return self.skipped, self.total

    @property
    def field_list(self) -> str:
        """Return the field names as one line of text."""
        return ", ".join(self.fields) or NO_FIELDS


def plan_problem(plan: WorkoutPlan) -> PlanProblem | None:
    """Return what could not be read of ``plan``; ``None`` when it all could.

    A workout read without some field (one of the wrong type) counts too: its
    day would show less than AI Endurance planned.
    """
    if plan.is_complete:
        return None
    return PlanProblem(
        PlanProblemKind.PARTLY_UNREADABLE
        if plan.workouts
        else PlanProblemKind.UNREADABLE,
        tuple(sorted(plan.unreadable_fields)),
        skipped=plan.skipped,
        total=plan.skipped + len(plan.workouts),
    )


def shape_problem(keys: tuple[str, ...]) -> PlanProblem:
    """Return the problem of an answer of unknown shape with these top-level keys."""
    return PlanProblem(PlanProblemKind.UNKNOWN_SHAPE, tuple(sorted(keys)))


def issue_id(entry_id: str) -> str:
    """Return the id of an entry's repair issue (one per entry, whatever the kind)."""
    return f"plan_unreadable_{entry_id}"


class PlanHealth:
    """The warning and the repair issue of one entry's plan.

    ``async_check`` takes each plan read; it raises ``UpdateFailed`` when the
    plan must not be shown (nothing readable, or an unknown shape).
    """

    def __init__(self, hass: HomeAssistant, entry: AIEnduranceConfigEntry) -> None:
        """Start without a known problem."""
        self._hass = hass
        self._entry = entry
        self._problem: PlanProblem | None = None

    @property
    def problem(self) -> PlanProblem | None:
        """Return the problem of the last answer read (``None``: it was readable)."""
        return self._problem

    async def async_check(self, plan: WorkoutPlan) -> WorkoutPlan:
        """Report what could not be read of ``plan``; return it when it may be shown."""
        problem = plan_problem(plan)
        await self.async_report(problem)
        if problem is not None and problem.kind is PlanProblemKind.UNREADABLE:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="plan_unreadable",
                translation_placeholders={"fields": problem.field_list},
            )
        return plan

    async def async_unknown_shape(self, keys: tuple[str, ...]) -> UpdateFailed:
        """Report an answer of unknown shape; return the error to raise."""
        problem = shape_problem(keys)
        await self.async_report(problem)
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="plan_unknown_shape",
            translation_placeholders={"fields": problem.field_list},
        )

    async def async_report(self, problem: PlanProblem | None) -> None:
        """Warn once per change of the problem; keep the repair issue in step."""
        previous, self._problem = self._problem, problem
        if problem is None:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id(self._entry.entry_id))
            if previous is not None:
                _LOGGER.info("%s: the training plan reads again", self._entry.title)
            return
        if previous == problem and previous.counts == problem.counts:
            return
        integration = await async_get_integration(self._hass, DOMAIN)
        tracker = integration.issue_tracker or ""
        if problem != previous:
            self._warn(problem, tracker)
        self._create_issue(problem, tracker, integration.documentation)

    def _warn(self, problem: PlanProblem, tracker: str) -> None:
        """Log the problem: field names and counts, never a value."""
        if problem.kind is PlanProblemKind.UNKNOWN_SHAPE:
            _LOGGER.warning(
                "%s: AI Endurance answered in a shape Home Assistant does not know"
                " (keys: %s); the plan entities are unavailable. %s",
                self._entry.title,
                problem.field_list,
                _PLEASE_REPORT % tracker,
            )
            return
        _LOGGER.warning(
            "%s: AI Endurance sent %d workouts, %d of them left out (missing or"
            " unreadable fields: %s); %s. %s",
            self._entry.title,
            problem.total,
            problem.skipped,
            problem.field_list,
            "the plan shows what could be read"
            if problem.kind is PlanProblemKind.PARTLY_UNREADABLE
            else "the plan entities are unavailable",
            _PLEASE_REPORT % tracker,
        )

    def _create_issue(
        self, problem: PlanProblem, tracker: str, documentation: str | None
    ) -> None:
        """Create or update the repair issue; "Learn more" is the troubleshooting."""
        kind = problem.kind
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id(self._entry.entry_id),
            is_fixable=False,
            learn_more_url=None
            if documentation is None
            else f"{documentation}#troubleshooting",
            severity=ir.IssueSeverity.WARNING
            if kind is PlanProblemKind.PARTLY_UNREADABLE
            else ir.IssueSeverity.ERROR,
            translation_key=ISSUE_UNKNOWN_SHAPE
            if kind is PlanProblemKind.UNKNOWN_SHAPE
            else ISSUE_PARTLY_UNREADABLE
            if kind is PlanProblemKind.PARTLY_UNREADABLE
            else ISSUE_UNREADABLE,
            translation_placeholders={
                "title": self._entry.title,
                "fields": problem.field_list,
                "skipped": str(problem.skipped),
                "total": str(problem.total),
                "issue_tracker": tracker,
            },
        )


def async_remove_issue(hass: HomeAssistant, entry_id: str) -> None:
    """Remove the repair issue of a removed entry."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(entry_id))
