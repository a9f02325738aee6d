# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The FIT outbox's batches: which files go together, read and encoded at send time.

The Store holds where files are, not their content: each batch is read,
checked and base64-encoded in the executor just before it is sent, so memory
holds one batch whatever the queue's length. A batch carries at most
:data:`BATCH_MAX_FILES` files and, past the first, :data:`BATCH_MAX_BYTES` of
FIT data: about 2 MB of JSON, under the 2.5 MB request-body default of
Django, which AI Endurance runs (it documents no limit of its own). A file
the action checked and that has not changed since is not checked again.
"""

from collections.abc import Iterable, Sequence
import os
from typing import Any, Final

from .api import FitFilePing
from .fit import MAX_FIT_FILE_SIZE, FitFileError, FitProblem, validate_fit_bytes
from .outbox_store import OutboxItem

BATCH_MAX_FILES: Final = 10
"""Most files in one ping request."""
BATCH_MAX_BYTES: Final = 1536 * 1024
"""Most bytes of FIT data in one ping request, unless a single file is larger."""

type Built = FitFilePing | FitFileError | ValueError | TypeError
"""A batch item's ping, or why none could be built."""


def next_batch(
    pending: Iterable[OutboxItem], only: set[str] | None, skip: set[str]
) -> list[OutboxItem]:
    """Return the next batch, oldest first, of ``only`` (None: any) but ``skip``."""
    batch: list[OutboxItem] = []
    size = 0
    for item in pending:
        if item.summary_id in skip or (
            only is not None and item.summary_id not in only
        ):
            continue
        if batch and (
            len(batch) >= BATCH_MAX_FILES or size + item.size > BATCH_MAX_BYTES
        ):
            break
        batch.append(item)
        size += item.size
    return batch


def read_batch(items: Sequence[OutboxItem]) -> list[tuple[OutboxItem, Built]]:
    """Build the pings of a batch, one file at a time (executor only).

    A file problem comes back as its :class:`FitFileError`; an item no ping
    can be built from (a damaged or hand-edited Store) as the ``ValueError``
    or ``TypeError`` of :class:`FitFilePing`.
    """
    built: list[tuple[OutboxItem, Built]] = []
    for item in items:
        try:
            built.append((item, _build_ping(item)))
        except (FitFileError, ValueError, TypeError) as err:
            built.append((item, err))
    return built


def _build_ping(item: OutboxItem) -> FitFilePing:
    """Build one ping: a URL as is, a file read, checked and base64-encoded."""
    fields: dict[str, Any] = {
        "summary_id": item.summary_id,
        "start_time": item.start_time,
        "source": item.source,
        "activity_name": item.activity_name,
        "priority": item.priority,
        "overwrite_mode": item.overwrite_mode,
    }
    if item.is_url:
        return FitFilePing.from_url(item.location, **fields)
    try:
        with open(item.location, "rb") as file:  # noqa: PTH123
            info = os.fstat(file.fileno())
            if info.st_size > MAX_FIT_FILE_SIZE:
                msg = f"the file has grown to {info.st_size} bytes"
                raise FitFileError(FitProblem.TOO_LARGE, msg)
            data = file.read()
    except FileNotFoundError as err:
        msg = "the file no longer exists"
        raise FitFileError(FitProblem.NOT_FOUND, msg) from err
    except OSError as err:
        msg = f"cannot read the file ({err.strerror or type(err).__name__})"
        raise FitFileError(FitProblem.UNREADABLE, msg) from err
    if not (
        item.mtime_ns and info.st_mtime_ns == item.mtime_ns and len(data) == item.size
    ):
        # Changed since the action checked it (or never checked): again.
        validate_fit_bytes(data)
    return FitFilePing.from_bytes(data, **fields)
