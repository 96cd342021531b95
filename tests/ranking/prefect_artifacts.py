"""Reading a flow run's artifacts back from the test Prefect server."""


def run_artifacts(flow_run_id) -> dict:
    """The artifacts of one flow run by key (the test server is shared by the whole session)."""
    import asyncio

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read():
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))

    return {a.key: a for a in asyncio.run(read())}
