"""Demo steps of the cycle schedules: the 2022 season's occurrences, and one cycle run through Prefect."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

SEASON = (date(2022, 8, 1), date(2022, 12, 31))
DEMO_RUN = ("biweekly-inspection", date(2022, 10, 10))


def step_occurrences(ctx: DemoContext) -> None:
    """2022年周期安排: per cycle the count and the dates moved off holidays, with the reason."""
    from cli.output import say, table
    from domain.calendar import schedule

    with ctx.work(datetime(2022, 9, 30, 9, 0, tzinfo=DISTRICT_TZ)) as uow:
        found = schedule(uow, SEASON[0], end=SEASON[1]).occurrences
    rows, moves = [], []
    for c in ctx.cfg.cycles:
        mine = [o for o in found if o.cycle == c.key]
        moved = [f"{o.original_date:%m-%d}→{o.date:%m-%d} {o.reason}" for o in mine if o.moved]
        rows.append([c.key, len(mine), mine[0].date if mine else "", mine[-1].date if mine else "",
                     f"after:{c.after}" if c.after else len(moved)])
        if moved:
            moves.append(f"  {c.key}: {'、'.join(moved)}")
    table(f"{SEASON[0]} — {SEASON[1]} 周期发生日", ["周期", "次数", "首次", "末次", "调整"], rows)
    say("因节假日调整：\n" + "\n".join(moves))
    say(f"共 {len(found)} 次；完整列表：`dudao schedule preview --from {SEASON[0]} --to {SEASON[1]}`")
    ctx.look += [("occurrences", f".venv/bin/dudao schedule preview --from 2022-10-01 --to {SEASON[1]}"),
                 ("calendar file", f".venv/bin/dudao schedule ics --from {SEASON[0]} --to {SEASON[1]} --out 2022.ics")]


def step_run_cycle(ctx: DemoContext) -> None:
    """用 Prefect 运行一期两周一督查 (2022-10-10), as of its scheduled time; the history is under var/prefect."""
    from cli.output import say, table
    from flows.runtime import connected

    key, day = DEMO_RUN
    cycle = ctx.cfg.cycle(key)
    as_of = datetime(2022, 10, 10, 9, 0, tzinfo=DISTRICT_TZ)
    with connected(ctx.settings) as url:
        say(f"Prefect：{url or f'本地运行记录 {ctx.settings.prefect_dir}（临时服务器，约 10 秒启动）'}")
        from flows.history import read_history
        from flows.registry import flow_for

        state = flow_for(cycle.kind)(cycle=key, occurrence=day, as_of=as_of, rerun=True, return_state=True)
        say(f"{key}-{day}: {state.name} — {state.result(raise_on_failure=False)}")
        rows = read_history(since=day, limit=4)
    table("运行记录（最新）", ["流程", "运行", "状态", "发生日", "截至", "产出"],
          [[r["flow"], r["run"], r["state"], r["occurrence"], (r["as_of"] or "")[:16], ", ".join(r["artifacts"])]
           for r in rows])
    home = ctx.settings.prefect_dir
    ui = f"PREFECT_HOME={home} .venv/bin/prefect server start  # then open http://127.0.0.1:4200/runs"
    ctx.look += [("run history", ".venv/bin/dudao history"), ("Prefect UI on this history", ui)]
    say(f"在此运行记录上打开 Prefect 界面：{ui}")
