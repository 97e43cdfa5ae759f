"""The risk register: opened while the opportunity is verified and kept for
the project's whole life, until the opportunity ends unsuccessfully. Each
change carries the register's new version, so that the bid and contract
decisions can record which version they saw."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from eventsourcing.domain import event

from ltc_shared.aggregate import require
from opportunity_svc.project.part import ProjectPart

Rating = Literal["low", "medium", "high"]
RiskStatus = Literal["open", "mitigating", "closed"]
Risk = dict[str, str]
"""A risk's `title`, `probability`, `impact`, `mitigation`, `owner`, `status`."""
RISK_FIELDS = ("title", "probability", "impact", "mitigation", "owner")


class RiskRegister(ProjectPart):
    if TYPE_CHECKING:
        risks: dict[str, Risk]
        risk_register_version: int

    def raise_risk(
        self,
        title: str,
        probability: Rating,
        impact: Rating,
        mitigation: str,
        owner: str,
        occurred_on: date,
    ) -> str:
        """Enter a risk in the register; answer the id it is entered under."""
        self._require_alive("raise a risk")
        self._step(occurred_on, "risk")
        risk_id = f"R{len(self.risks) + 1}"
        self._raised(
            risk_id=risk_id,
            title=title,
            probability=probability,
            impact=impact,
            mitigation=mitigation,
            owner=owner,
            status="open",
            occurred_on=occurred_on,
            register_version=self.risk_register_version + 1,
        )
        return risk_id

    def update_risk(
        self,
        risk_id: str,
        changes: dict[str, str],
        status: Literal["open", "mitigating"] | None,
        occurred_on: date,
    ) -> None:
        """Change what is known of a risk; the event carries the whole risk."""
        risk = self._open_risk(risk_id, "update")
        self._step(occurred_on, "risk update")
        known = {k: v for k, v in changes.items() if k in RISK_FIELDS}
        self._updated(
            risk_id=risk_id,
            **(risk | known | {"status": status or risk["status"]}),
            occurred_on=occurred_on,
            register_version=self.risk_register_version + 1,
        )

    def close_risk(self, risk_id: str, occurred_on: date) -> None:
        risk = self._open_risk(risk_id, "close")
        self._step(occurred_on, "risk closure")
        self._closed(
            risk_id=risk_id,
            **(risk | {"status": "closed"}),
            occurred_on=occurred_on,
            register_version=self.risk_register_version + 1,
        )

    def _open_risk(self, risk_id: str, action: str) -> Risk:
        self._require_alive(f"{action} a risk")
        require(
            risk_id in self.risks,
            "risk-in-register",
            f"the register holds no risk {risk_id}",
        )
        risk = self.risks[risk_id]
        require(
            risk["status"] != "closed",
            "risk-closed-once",
            f"risk {risk_id} is closed; raise a new one if it returns",
        )
        return risk

    @event("RiskRaised")
    def _raised(
        self,
        risk_id: str,
        title: str,
        probability: str,
        impact: str,
        mitigation: str,
        owner: str,
        status: str,
        occurred_on: date,
        register_version: int | None = None,
    ) -> None:
        risk = _risk(title, probability, impact, mitigation, owner, status)
        self._record(risk_id, risk, occurred_on)

    @event("RiskUpdated")
    def _updated(
        self,
        risk_id: str,
        title: str,
        probability: str,
        impact: str,
        mitigation: str,
        owner: str,
        status: str,
        occurred_on: date,
        register_version: int | None = None,
    ) -> None:
        risk = _risk(title, probability, impact, mitigation, owner, status)
        self._record(risk_id, risk, occurred_on)

    @event("RiskClosed")
    def _closed(
        self,
        risk_id: str,
        title: str,
        probability: str,
        impact: str,
        mitigation: str,
        owner: str,
        status: str,
        occurred_on: date,
        register_version: int | None = None,
    ) -> None:
        risk = _risk(title, probability, impact, mitigation, owner, status)
        self._record(risk_id, risk, occurred_on)

    def _record(self, risk_id: str, risk: Risk, occurred_on: date) -> None:
        self.risks[risk_id] = risk
        self.risk_register_version += 1
        self.last_step_on = occurred_on


def _risk(*values: str) -> Risk:
    return dict(zip((*RISK_FIELDS, "status"), values, strict=True))
