"""Domain errors that know their HTTP status, rendered once as problem details."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Base of every error a service's domain or application raises on purpose."""

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, *, rule: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule


class NotFound(DomainError):
    status = 404
    title = "Not found"


class RuleViolated(DomainError):
    """A command the aggregate's current state forbids."""

    status = 409
    title = "Refused by a business rule"

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail, rule=rule)


class Forbidden(DomainError):
    """The caller lacks the authority the rule asks for."""

    status = 403
    title = "Not authorised"

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail, rule=rule)


class VersionMismatch(DomainError):
    status = 412
    title = "Precondition failed"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(
            f"expected version {expected}, the resource is at version {actual}",
            rule="optimistic-concurrency",
        )


class ConcurrentUpdate(DomainError):
    status = 409
    title = "Concurrent update"

    def __init__(self) -> None:
        super().__init__(
            "another command changed this resource at the same time; retry",
            rule="optimistic-concurrency",
        )


class IdempotencyConflict(DomainError):
    status = 409
    title = "Resource exists with other content"

    def __init__(self, resource: str) -> None:
        super().__init__(
            f"{resource} already exists and differs from this request",
            rule="idempotent-creation",
        )
