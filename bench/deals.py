"""Deals from lead to cash, as the services would publish their events.

Four outcomes in turn: a lead dropped, an opportunity lost before initiation,
a bid lost, and a bid won through signature, invoices, payments, costs and
closure; about ten events a deal on average.
"""

from __future__ import annotations

from datetime import date, timedelta

from reporting_svc.testing import Story

START = date(2023, 1, 2)


def _on(start: date, days: int) -> str:
    return (start + timedelta(days=days)).isoformat()


def deal(story: Story, run: str, number: int) -> None:
    start = START + timedelta(days=number % 365)
    channel = ("paid_search", "referral", "trade_show")[number % 3]
    unit = ("cloud", "security", "data")[number % 3]
    lead = story.capture(f"{run}-{number}", _on(start, 0), channel, unit)
    story.assign(lead, f"owner {number % 41}", _on(start, 1))
    outcome = number % 4
    if outcome == 0:
        story.drop(lead, _on(start, 5), "no budget this year")
        return
    value = f"{10_000 + number % 90_000}.00"
    opportunity = story.qualify(lead, _on(start, 7), value)
    if outcome == 1:
        story.give_up(opportunity, _on(start, 20), "customer chose to wait")
        return
    bid = story.initiate(opportunity, _on(start, 30))
    story.estimate(bid, _on(start, 35), value, f"{7_000 + number % 60_000}.00")
    story.decide(bid, _on(start, 40), "bid", "fits our portfolio")
    story.submit(bid, _on(start, 45), value)
    if outcome == 2:
        story.lose(bid, _on(start, 60), "price")
        return
    contract = story.win(bid, _on(start, 60), value)
    story.budget(contract, _on(start, 65), value, f"{6_500 + number % 60_000}.00")
    ledger = story.sign(contract, _on(start, 70), value)
    half = f"{(10_000 + number % 90_000) / 2:.2f}"
    for part in (1, 2):
        invoice = f"INV-{number}-{part}"
        issued = 80 + 30 * part
        story.invoice(
            ledger, invoice, half, _on(start, issued), _on(start, issued + 30), False
        )
        story.pay(ledger, invoice, half, _on(start, issued + 25))
    story.cost(ledger, _on(start, 90), "labour", f"{3_000 + number % 20_000}.00")
    story.close(contract, _on(start, 150))


def story_of(run: str, events: int) -> tuple[Story, int]:
    """Deals until there are at least `events` events; the story and how
    many leads it captured."""
    story = Story()
    number = 0
    while len(story.envelopes) < events:
        deal(story, run, number)
        number += 1
    return story, number
