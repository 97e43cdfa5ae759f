"""finance-svc's domain: the ledger of a signed contract and its parts.

`Ledger` is re-exported here because events stored before the domain became a
package name it by this module (`finance_svc.domain:Ledger...`).
"""

from finance_svc.domain.actuals import Actuals, Costs
from finance_svc.domain.ageing import BUCKETS, Ageing, age
from finance_svc.domain.invoice import ZERO, Invoice, InvoiceStatus
from finance_svc.domain.ledger import Ledger
from finance_svc.domain.plan import LineKind, PlanLine, generate

__all__ = [
    "BUCKETS",
    "ZERO",
    "Actuals",
    "Ageing",
    "Costs",
    "Invoice",
    "InvoiceStatus",
    "Ledger",
    "LineKind",
    "PlanLine",
    "age",
    "generate",
]
