"""The flow of each cycle kind, named by its entry point (`module:function`), as Prefect deployments and
`prefect.yaml` name flows. A flow module is imported when its kind is first run, so a flow that runs its
`after:` followers never imports the modules of its own kind's followers at import time (no circles)."""

from __future__ import annotations

from importlib import import_module

from prefect import Flow

from config.cycles import CycleKind

ENTRYPOINTS: dict[CycleKind, str] = {
    CycleKind.inspection_round: "flows.inspection_round:inspection_round",
    CycleKind.research_trip: "flows.research_trip:research_trip",
    CycleKind.campaign: "flows.campaign:campaign",
    CycleKind.deadline_sweep: "flows.deadline_sweep:deadline_sweep",
    CycleKind.ranking: "flows.ranking:ranking",
    CycleKind.meeting: "flows.meeting:meeting",
}

# the flow names, as Prefect records them (each module's @flow(name=…)); `dudao history` filters on them
FLOW_NAMES: dict[CycleKind, str] = {kind: entry.rpartition(":")[2].replace("_", "-")
                                    for kind, entry in ENTRYPOINTS.items()}


def flow_for(kind: CycleKind) -> Flow:
    """The Prefect flow that runs a cycle of this kind."""
    module, _, name = ENTRYPOINTS[kind].partition(":")
    return getattr(import_module(module), name)
