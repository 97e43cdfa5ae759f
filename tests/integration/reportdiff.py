"""Where two JSON documents differ, as paths a reader can look up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def differences(expected: Any, found: Any, path: str = "$") -> Iterator[str]:
    """Each path whose value differs, with both values, in document order."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in [*expected, *(k for k in found if k not in expected)]:
            where = f"{path}.{key}"
            if key not in found:
                yield f"{where}: missing (expected {expected[key]!r})"
            elif key not in expected:
                yield f"{where}: unexpected {found[key]!r}"
            else:
                yield from differences(expected[key], found[key], where)
    elif isinstance(expected, list) and isinstance(found, list):
        for index, (left, right) in enumerate(zip(expected, found, strict=False)):
            yield from differences(left, right, f"{path}[{index}]")
        if len(expected) != len(found):
            yield f"{path}: {len(found)} items, expected {len(expected)}"
    elif expected != found or type(expected) is not type(found):
        yield f"{path}: {found!r}, expected {expected!r}"


def first_differences(expected: Any, found: Any, limit: int = 12) -> list[str]:
    found_paths: list[str] = []
    for difference in differences(expected, found):
        found_paths.append(difference)
        if len(found_paths) == limit:
            break
    return found_paths
