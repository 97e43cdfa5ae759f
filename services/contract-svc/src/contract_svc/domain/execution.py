"""Executing the signed contract: the handover to delivery, the customer's
purchase orders, milestones and their acceptance, what is still to be
collected, and the new leads met on the way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eventsourcing.domain import event

from contract_svc.domain.negotiation import Negotiation
from contract_svc.domain.values import Milestone, Movement, PurchaseOrder
from ltc_shared.aggregate import require
from ltc_shared.authority import HANDOVER, Actor

MOVEMENT_SIGN = {"invoiced": 1, "paid": -1, "credited": -1}


class Delivery(Negotiation):
    def _open_execution(self) -> None:
        self.handovers: list[dict[str, object]] = []
        self.commitments: list[str] = []
        self.purchase_orders: dict[str, PurchaseOrder] = {}
        self.milestones: dict[str, Milestone] = {}
        self.open_receivables = Decimal(0)
        # Envelopes already counted, so that a repeated delivery counts once.
        self.movements_seen: set[str] = set()
        self.leads_found = 0

    def _require_executing(self, action: str) -> None:
        require(
            self.status == "signed",
            "execution-needs-signature",
            f"cannot {action} a contract that is {self.status}; "
            "this happens between signature and closure",
        )

    def hold_handover(
        self,
        attendees: list[str],
        commitments: list[str],
        occurred_on: date,
        actor: Actor | None = None,
    ) -> None:
        """The kick-off between sales and delivery: the customer's voice, as
        commitments, reaches everyone who delivers. The project's AR or FR
        records it."""
        who = HANDOVER.check(actor, self.tier, {"ar": self.ar, "fr": self.fr})
        self._require_executing("hand over")
        require(
            bool(attendees),
            "handover-attendees",
            "a handover meeting has attendees",
        )
        # A handshake between sales and fulfilment: the project's AR and FR
        # attend, where the won bid named them.
        missing = [p for p in (self.ar, self.fr) if p and p not in attendees]
        require(
            not missing,
            "handover-with-ar-and-fr",
            f"the handover is between sales and fulfilment: {', '.join(missing)} "
            "attends",
        )
        self._require_in_order(occurred_on, "handover")
        self._handover_held(
            held_on=occurred_on,
            attendees=attendees,
            commitments=commitments,
            occurred_on=occurred_on,
            recorded_by=who.id,
        )

    @event("HandoverHeld")
    def _handover_held(
        self,
        held_on: date,
        attendees: list[str],
        commitments: list[str],
        occurred_on: date,
        recorded_by: str | None = None,
    ) -> None:
        handover = {"held_on": held_on, "attendees": attendees}
        self.handovers.append(handover | {"recorded_by": recorded_by})
        self.commitments += commitments
        self.last_step_on = occurred_on

    def receive_purchase_order(
        self, po_number: str, value: Decimal, occurred_on: date
    ) -> None:
        self._require_executing("receive a purchase order on")
        require(
            po_number not in self.purchase_orders,
            "po-number-unique",
            f"purchase order {po_number} was already received",
        )
        ordered = sum((po.value for po in self.purchase_orders.values()), Decimal(0))
        require(
            ordered + value <= self.value,
            "po-within-contract",
            f"purchase orders would reach {ordered + value}, above the contract "
            f"value {self.value}",
        )
        self._require_in_order(occurred_on, "purchase order")
        self._po_received(po_number=po_number, value=value, occurred_on=occurred_on)

    @event("PurchaseOrderReceived")
    def _po_received(self, po_number: str, value: Decimal, occurred_on: date) -> None:
        self.purchase_orders[po_number] = PurchaseOrder(po_number, value, occurred_on)
        self.last_step_on = occurred_on

    def confirm_purchase_order(self, po_number: str, occurred_on: date) -> None:
        self._require_executing("confirm a purchase order on")
        order = self.purchase_orders.get(po_number)
        require(
            order is not None,
            "po-unknown",
            f"purchase order {po_number} was not received",
        )
        require(
            order is None or order.confirmed_on is None,
            "po-already-confirmed",
            f"purchase order {po_number} is already confirmed",
        )
        self._require_in_order(occurred_on, "purchase order confirmation")
        self._po_confirmed(po_number=po_number, occurred_on=occurred_on)

    @event("PurchaseOrderConfirmed")
    def _po_confirmed(self, po_number: str, occurred_on: date) -> None:
        self.purchase_orders[po_number].confirmed_on = occurred_on
        self.last_step_on = occurred_on

    def plan_milestone(
        self,
        milestone_id: str,
        name: str,
        due_on: date,
        value: Decimal,
        occurred_on: date,
    ) -> None:
        self._require_executing("plan a milestone of")
        require(
            milestone_id not in self.milestones,
            "milestone-unique",
            f"milestone {milestone_id} is already planned",
        )
        planned = sum((m.value for m in self.milestones.values()), Decimal(0))
        require(
            planned + value <= self.value,
            "milestones-within-contract",
            f"milestones would reach {planned + value}, above the contract "
            f"value {self.value}",
        )
        require(
            due_on >= occurred_on,
            "milestone-due-ahead",
            "a milestone falls due on or after the day it is planned",
        )
        self._require_in_order(occurred_on, "milestone")
        self._milestone_planned(
            milestone_id=milestone_id,
            name=name,
            due_on=due_on,
            value=value,
            occurred_on=occurred_on,
        )

    @event("MilestonePlanned")
    def _milestone_planned(
        self,
        milestone_id: str,
        name: str,
        due_on: date,
        value: Decimal,
        occurred_on: date,
    ) -> None:
        self.milestones[milestone_id] = Milestone(milestone_id, name, due_on, value)
        self.last_step_on = occurred_on

    def accept_delivery(self, milestone_id: str, occurred_on: date) -> None:
        self._require_executing("accept a delivery of")
        milestone = self.milestones.get(milestone_id)
        require(
            milestone is not None,
            "milestone-unknown",
            f"milestone {milestone_id} is not planned",
        )
        require(
            milestone is None or milestone.accepted_on is None,
            "milestone-already-accepted",
            f"the delivery of milestone {milestone_id} is already accepted",
        )
        self._require_in_order(occurred_on, "delivery acceptance")
        self._delivery_accepted(milestone_id=milestone_id, occurred_on=occurred_on)

    @event("DeliveryAccepted")
    def _delivery_accepted(self, milestone_id: str, occurred_on: date) -> None:
        self.milestones[milestone_id].accepted_on = occurred_on
        self.last_step_on = occurred_on

    def record_lead_found(
        self,
        customer: str,
        need: str,
        channel: str,
        business_unit: str,
        region: str,
        product: str,
        occurred_on: date,
    ) -> None:
        """A new lead met while executing the contract, for lead management."""
        self._require_executing("report a lead from")
        self._require_in_order(occurred_on, "lead found")
        self._lead_found(
            lead_ref=f"{self.id}/lead/{self.leads_found + 1}",
            customer=customer,
            need=need,
            channel=channel,
            business_unit=business_unit,
            region=region,
            product=product,
            occurred_on=occurred_on,
        )

    @event("LeadFound")
    def _lead_found(
        self,
        lead_ref: str,
        customer: str,
        need: str,
        channel: str,
        business_unit: str,
        region: str,
        product: str,
        occurred_on: date,
    ) -> None:
        self.leads_found += 1
        self.last_step_on = occurred_on

    def record_receivable(
        self,
        envelope_id: str,
        ledger_id: str,
        invoice_number: str,
        movement: Movement,
        amount: Decimal,
        occurred_on: date,
    ) -> bool:
        """Follow finance's invoices, payments and credit notes; a fact from
        finance is never refused, and its date does not move the contract's
        own steps. Says whether it was new."""
        if envelope_id in self.movements_seen:
            return False
        self._receivable_moved(
            envelope_id=envelope_id,
            ledger_id=ledger_id,
            invoice_number=invoice_number,
            movement=movement,
            amount=amount,
            occurred_on=occurred_on,
        )
        return True

    @event("ReceivableMovement")
    def _receivable_moved(
        self,
        envelope_id: str,
        ledger_id: str,
        invoice_number: str,
        movement: Movement,
        amount: Decimal,
        occurred_on: date,
    ) -> None:
        self.open_receivables += MOVEMENT_SIGN[movement] * amount
        self.movements_seen.add(envelope_id)
