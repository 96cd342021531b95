"""The contract clean-up (经营合同清理): contracts per village through the three-level review with working-day
deadlines, reminders and overdue notices once, and the clean-up by rectification (an issue) or termination.
"""

from __future__ import annotations

from domain.contracts.figures import ContractFigures
from domain.contracts.ledger import ContractRow, ImportReport
from domain.contracts.notices import ContractSweep
from domain.contracts.rules import OUTCOME_NAMES, RESULT_NAMES, stage_deadlines, verdict
from domain.contracts.transfer import ContractsTransferred, open_village_contracts, transfer_village_contracts
from domain.contracts.use_cases import (
    SheetWritten,
    clean_contract,
    contract_detail,
    contract_figures,
    import_contracts,
    list_contracts,
    record_review,
    sweep_contracts,
    write_contracts_sheet,
)

__all__ = [
    "OUTCOME_NAMES",
    "RESULT_NAMES",
    "ContractFigures",
    "ContractRow",
    "ContractSweep",
    "ContractsTransferred",
    "ImportReport",
    "SheetWritten",
    "clean_contract",
    "contract_detail",
    "contract_figures",
    "import_contracts",
    "list_contracts",
    "open_village_contracts",
    "record_review",
    "stage_deadlines",
    "sweep_contracts",
    "transfer_village_contracts",
    "verdict",
    "write_contracts_sheet",
]
