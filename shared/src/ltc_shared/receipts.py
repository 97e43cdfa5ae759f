"""Receipts of batch requests, so that a client may safely send one again.

A client that lost the answer to a batch (a timeout, a crash) sends it again
with the same `Idempotency-Key`. The receipt is stored with the batch's
events in one transaction, so either both exist or neither does; a repeat
gets the first answer back and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ltc_shared.errors import RuleViolated
from ltc_shared.ids import natural_id


class BatchReceipt(Aggregate):
    @staticmethod
    def create_id(receipt_id: UUID) -> UUID:
        return receipt_id

    @event("BatchReceiptIssued")
    def __init__(self, receipt_id: UUID, request_hash: str, answer: str) -> None:
        self.request_hash = request_hash
        self.answer = answer


def receipt_id(service: str, key: str) -> UUID:
    return natural_id("batch-receipt", f"{service}:{key}")


def request_hash(commands: list[dict[str, Any]]) -> str:
    text = json.dumps(commands, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def check_same_request(receipt: BatchReceipt, digest: str) -> None:
    if receipt.request_hash != digest:
        raise RuleViolated(
            "idempotency-key-reused",
            "this Idempotency-Key was used for a different batch",
        )
