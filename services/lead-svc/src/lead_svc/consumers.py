"""lead-svc's reactions to other services' events: none yet.

Leads are captured by people and systems through the API; no upstream stage
feeds this one.
"""

from __future__ import annotations

from ltc_shared.consumer import Reaction

REACTIONS: dict[str, dict[str, Reaction]] = {}
