"""Words in commands: trimmed of surrounding whitespace, and never blank.

A name with a space around it would not match the same name without one (a
named sponsor, an owner in a report's slice), and a blank one says nothing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
"""A person, a party or a thing, by its name."""
Words = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]
"""A sentence or two that must say something."""
