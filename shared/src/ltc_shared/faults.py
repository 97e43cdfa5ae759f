"""Named points where a test may make the process die, as a crash would.

`LTC_FAULT=<point>:<n>` kills the process (no clean-up, exit code 137) the
n-th time it reaches `<point>`. Unset, as in production, it does nothing.
The fault tests use it to stop a relay between publishing and remembering
its position, and a consumer between processing a batch and committing it.
"""

from __future__ import annotations

import os
from collections import Counter

_reached: Counter[str] = Counter()


def crash_point(point: str) -> None:
    wanted = os.environ.get("LTC_FAULT", "")
    name, _, count = wanted.partition(":")
    if name != point:
        return
    _reached[point] += 1
    if _reached[point] >= int(count or "1"):
        os._exit(137)
