"""Flow-run history from the Prefect API, for leadership: what ran, when, for which occurrence, what it left."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from config.dates import DISTRICT_TZ
from flows.cycle import occurrence_of
from flows.registry import FLOW_NAMES

CYCLE_FLOW_NAMES = list(FLOW_NAMES.values())


def read_history(*, flow: str | None = None, since: date | None = None, limit: int = 50) -> list[dict]:
    """The latest cycle flow runs, newest first. `flow` is a flow name (inspection-round) or a cycle key."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterName,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    zone = DISTRICT_TZ
    by_flow = flow in CYCLE_FLOW_NAMES
    run_filter = FlowRunFilter()
    if since is not None:
        run_filter.expected_start_time = FlowRunFilterExpectedStartTime(after_=datetime.combine(since, time.min, zone))
    if flow is not None and not by_flow:
        run_filter.name = FlowRunFilterName(like_=f"{flow}-")
    with get_client(sync_client=True) as client:
        flows = {f.id: f.name for f in client.read_flows(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[flow] if by_flow else CYCLE_FLOW_NAMES)))}
        if not flows:
            return []
        runs, offset = [], 0
        while len(runs) < limit:
            wanted = min(200, limit - len(runs))
            page = client.read_flow_runs(
                flow_filter=FlowFilter(id={"any_": list(flows)}), flow_run_filter=run_filter,
                sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=wanted, offset=offset)
            runs += [r for r in page if by_flow or flow is None or (r.parameters or {}).get("cycle") == flow]
            if len(page) < wanted:  # no more runs
                break
            offset += len(page)
        artifacts: dict = {}
        if runs:
            for a in client.read_artifacts(artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[r.id for r in runs]))):
                artifacts.setdefault(a.flow_run_id, []).append(a.key)
    return [_row(r, flows, artifacts, zone) for r in runs[:limit]]


def _row(run, flows: dict, artifacts: dict, zone: ZoneInfo) -> dict:
    params = run.parameters or {}
    local = (lambda t: t.astimezone(zone).isoformat(timespec="seconds") if t else None)  # noqa: E731
    as_of = params.get("as_of") or run.expected_start_time
    if isinstance(as_of, str):
        as_of = datetime.fromisoformat(as_of)
    duration = (run.end_time - run.start_time).total_seconds() if run.start_time and run.end_time else None
    return {
        "flow": flows.get(run.flow_id), "run": run.name, "cycle": params.get("cycle"),
        "state": run.state.name if run.state else None,
        "scheduled": local(run.expected_start_time), "start": local(run.start_time), "end": local(run.end_time),
        "duration_s": round(duration, 3) if duration is not None else None,
        "occurrence": occurrence_of(params, run.expected_start_time).isoformat(),
        "as_of": local(as_of), "artifacts": sorted({k for k in artifacts.get(run.id, []) if k}),
        "flow_run_id": str(run.id), "deployment_id": str(run.deployment_id) if run.deployment_id else None,
    }


def read_table(key: str) -> list[dict]:
    """The latest table artifact under `key` (the rows a leader sees on the run's page), [] when there is none."""
    import json

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_latest_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
    if not found:
        return []
    data = found[0].data
    return json.loads(data) if isinstance(data, str) else list(data or [])
