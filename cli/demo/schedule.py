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
        rows.append([c.display_name, len(mine), mine[0].date if mine else "", mine[-1].date if mine else "",
                     f"{ctx.cfg.cycle(c.after).display_name}结束后" if c.after else len(moved)])
        if moved:
            moves.append(f"  {c.display_name}：{'、'.join(moved)}")
    table(f"{SEASON[0]} — {SEASON[1]} 周期发生日", ["周期", "次数", "首次", "末次", "调整"], rows)
    say("因节假日调整：\n" + "\n".join(moves))
    say(f"共 {len(found)} 次；完整列表：`dudao schedule preview --from {SEASON[0]} --to {SEASON[1]}`")
    ctx.look += [("occurrences", f".venv/bin/dudao schedule preview --from 2022-10-01 --to {SEASON[1]}"),
                 ("calendar file", f".venv/bin/dudao schedule ics --from {SEASON[0]} --to {SEASON[1]} --out 2022.ics")]


def step_run_cycle(ctx: DemoContext) -> None:
    """用 Prefect 运行一期两周一督查 (2022-10-10), as of its scheduled time; the history is under var/prefect."""
    from cli.output import say, table
    from flows.history import read_history

    key, day = DEMO_RUN
    state, summary = ctx.run_cycle(key, day, datetime(2022, 10, 10, 9, 0, tzinfo=DISTRICT_TZ))
    say(f"{ctx.cfg.cycle(key).display_name} {day}：{state} — {summary}")
    rows = read_history(since=day, limit=4)
    table("运行记录（最新）", ["流程", "运行", "状态", "发生日", "截至", "产出"],
          [[r["flow"], r["run"], r["state"], r["occurrence"], (r["as_of"] or "")[:16], ", ".join(r["artifacts"])]
           for r in rows])
    if ctx.prefect:  # the local background server: open now; later `dudao serve` opens the same history
        ui = (f"{ctx.prefect.removesuffix('/api')}/runs（{ctx.settings.prefect_idle_minutes} 分钟无操作后停止；"
              "之后运行 .venv/bin/dudao serve 再打开同一份运行记录）")
    else:
        ui = f"PREFECT_HOME={ctx.settings.prefect_dir} .venv/bin/prefect server start  # 然后打开 http://127.0.0.1:4200/runs"
    ctx.look += [("run history", ".venv/bin/dudao history"), ("Prefect UI on this history", ui)]
    say(f"在此运行记录上打开 Prefect 界面：{ui}")
