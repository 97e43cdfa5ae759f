"""JSON logs keep what went wrong: the exception, not just that there was one."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import structlog

from ltc_shared.logs import configure_logging


@pytest.fixture
def json_logs() -> Iterator[None]:
    saved = structlog.get_config()
    configure_logging("INFO", "json")
    yield
    structlog.configure(**saved)


def test_a_logged_exception_carries_its_type_message_and_frames(
    json_logs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    log = structlog.get_logger()
    try:
        raise ValueError("the ledger is closed")
    except ValueError:
        log.exception("pipeline.step_failed", stage="finance")

    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["event"] == "pipeline.step_failed"
    assert line["stage"] == "finance"
    assert line["level"] == "error"
    (raised,) = line["exception"]
    assert raised["exc_type"] == "ValueError"
    assert raised["exc_value"] == "the ledger is closed"
    assert raised["frames"][-1]["name"] == (
        "test_a_logged_exception_carries_its_type_message_and_frames"
    )
    assert "exc_info" not in line
