"""The evidence store (整改佐证材料): photos, PDF and Office files attached to issues, content-addressed under
var/, their type read from the content (never the name), served only to users who may see the issue.
"""

from __future__ import annotations

from domain.evidence.kinds import MAX_BYTES, media_type_of, safe_name
from domain.evidence.use_cases import (
    Attached,
    Stored,
    attach_evidence,
    evidence_file,
    issue_evidence,
    store_evidence,
    store_evidence_file,
)

__all__ = [
    "MAX_BYTES",
    "Attached",
    "Stored",
    "attach_evidence",
    "evidence_file",
    "issue_evidence",
    "media_type_of",
    "safe_name",
    "store_evidence",
    "store_evidence_file",
]
