# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The AI Endurance client's error hierarchy.

Every error the client raises is an :class:`AIEnduranceError`. Messages never
contain access tokens, client secrets or FIT file content.
"""


class AIEnduranceError(Exception):
    """Base class of every error raised by the AI Endurance client.

    ``status`` is the HTTP status of the answer that caused the error, or
    ``None`` when there was no answer (or it does not apply).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        """Store the message and the HTTP status."""
        super().__init__(message)
        self.status = status


class AIEnduranceAuthError(AIEnduranceError):
    """The credentials were refused: HTTP 401 or 403, or an ``invalid_grant``.

    The user has to authorize the application again.
    """


class AIEnduranceRateLimitError(AIEnduranceError):
    """Too many requests: HTTP 429.

    ``retry_after`` is the server's ``Retry-After`` in seconds (from a number
    or an HTTP date), or ``None`` when it sent none that could be read.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = 429,
        retry_after: float | None = None,
    ) -> None:
        """Store the message, the HTTP status and the delay asked for."""
        super().__init__(message, status=status)
        self.retry_after = retry_after


class AIEnduranceServerError(AIEnduranceError):
    """The server failed: HTTP 5xx.

    ``retry_after`` is the server's ``Retry-After`` in seconds when it sent
    one (typically with 503), else ``None``.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Store the message, the HTTP status and the delay asked for."""
        super().__init__(message, status=status)
        self.retry_after = retry_after


class AIEnduranceConnectionError(AIEnduranceError):
    """No answer: timeout, connection refused or reset, DNS failure, TLS error."""


class AIEnduranceResponseError(AIEnduranceError):
    """The server answered, but not in a form the client can read.

    The body is not JSON, or its JSON does not have the expected shape.
    ``status`` is the HTTP status of that answer (2xx: the request itself was
    accepted).
    """


class AIEnduranceShapeError(AIEnduranceResponseError):
    """The answer is JSON, but holds no list of workouts the client knows.

    ``keys`` names the keys of the object it sent (empty when it was not an
    object), never a value; the message names them too.
    """

    def __init__(
        self, message: str, *, status: int | None, keys: tuple[str, ...] = ()
    ) -> None:
        """Store the message, the HTTP status and the keys of the answer."""
        super().__init__(message, status=status)
        self.keys = keys


class AIEnduranceRequestError(AIEnduranceError):
    """The server rejected the request: HTTP 4xx other than 401, 403 and 429.

    ``detail`` is the server's explanation (its ``detail`` field, an OAuth2
    ``error_description`` or its validation errors), shortened, and with
    anything that looks like file content removed.
    """

    def __init__(self, message: str, *, status: int | None, detail: str) -> None:
        """Store the message, the HTTP status and the server's explanation."""
        super().__init__(message, status=status)
        self.detail = detail
