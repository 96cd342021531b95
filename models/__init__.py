"""The ledger: SQLModel tables, one module per area; `models.db` has the engine and session_scope().

Importing `models` registers every table on SQLModel.metadata (Alembic and the migration test need that).
"""

from models import (  # noqa: F401
    accounts,
    audit,
    calendar,
    campaign,
    contracts,
    cycles,
    issues,
    meetings,
    org,
    outbox,
    party,
    plans,
    projects,
    ranking,
    records,
    rounds,
)
