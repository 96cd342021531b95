"""Demo steps of the hundred-day campaign and the red/black list, on the example district's 2022 season.

Deterministic: progress comes from a fixed rule over the villages' codes, every step acts at a fixed
as-of in 2022.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

CAMPAIGN_CYCLE = "hundred-day-campaign"
CAMPAIGN_AT = datetime(2022, 10, 17, 9, 0, tzinfo=DISTRICT_TZ)  # a Monday run of the campaign cycle
RANKING_ROUND = date(2022, 10, 10)
ROUND_AT = datetime(2022, 10, 24, 9, 0, tzinfo=DISTRICT_TZ)  # the round's two weeks are over
MONTH, MONTH_AT = "2022-10", datetime(2022, 11, 1, 9, 0, tzinfo=DISTRICT_TZ)


def _fill(code: str, due: date, salt: int) -> date | None:
    """Seven in ten villages on time, one late, two not yet (a fixed rule, so the demo is the same every day)."""
    k = (int(code[-3:]) * 7 + salt) % 10
    if k < 7:
        return due - timedelta(days=k % 4)
    return due + timedelta(days=2) if k == 7 else None


def step_campaign(ctx: DemoContext) -> None:
    """百日攻坚: the towns fill in the progress sheet, it is imported, the 2022-10-17 run raises issues for
    the villages that missed a milestone and reports the progress."""
    from openpyxl import load_workbook

    from adapters.sheets import read_table
    from cli.campaign_view import print_status
    from cli.output import say
    from domain.campaign import campaign_milestones, campaign_status, import_progress_sheet, write_progress_sheet

    folder = ctx.settings.outputs_dir / "campaign"
    with ctx.work(CAMPAIGN_AT) as uow:
        sheet, rows = write_progress_sheet(uow, folder / "攻坚进度表-示范区.xlsx")
        due = {d.key: d.due for d in campaign_milestones(uow)}
    wb = load_workbook(sheet)
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        code, key = str(ws.cell(r, 2).value), ws.cell(r, 4).value
        done = _fill(code, due[key], salt=len(key)) if due[key] < CAMPAIGN_AT.date() else None
        if done is not None:
            ws.cell(r, 7).value, ws.cell(r, 8).value = done, f"{key}佐证-{code}"
    wb.save(sheet)
    with ctx.work(CAMPAIGN_AT.replace(hour=8)) as uow:  # the towns' sheet is in before the Monday run
        report = import_progress_sheet(uow, read_table(sheet))
    say(f"进度表 {sheet.name}：{rows} 行，导入完成日期 {report.created} 个")
    state, summary = ctx.run_cycle(CAMPAIGN_CYCLE, CAMPAIGN_AT.date(), CAMPAIGN_AT)  # through Prefect
    say(f"{CAMPAIGN_AT:%Y-%m-%d} 调度（Prefect 运行 {state}）：{summary}")
    with ctx.work(CAMPAIGN_AT) as uow:
        print_status(campaign_status(uow), behind_limit=4, towns=False)
    ctx.look += [("campaign status", f".venv/bin/dudao campaign status --on {CAMPAIGN_AT.date()}"),
                 ("campaign sheet", str(sheet))]


def _some(names: list[str], limit: int = 6) -> str:
    return "、".join(names[:limit]) + (f"等{len(names)}个" if len(names) > limit else "") if names else "无"


def step_ranking(ctx: DemoContext) -> None:
    """红黑榜: the round's list (published by the red-black-list cycle when the round closed), then October's
    list published as of 2022-11-01 with everything the ledger holds by then."""
    from cli.output import say
    from domain.calendar import parse_period, period_for_run
    from domain.ranking import left_out, left_out_rows, publish_for_cycle, show_list, town_names
    from models.ranking import Listing

    round_period, month_period = period_for_run(RANKING_ROUND, follows_round=True), parse_period(MONTH)
    # the round's cycle published its list when the round closed; if it did not run, publish it as the cycle would
    with ctx.work(ROUND_AT, actor="红黑榜（自动）") as uow:
        publish_for_cycle(uow, round_period, outputs_dir=ctx.settings.outputs_dir)
        snap = show_list(uow, round_period).snapshot
    say(f"{round_period.label}：{snap.published_by} 于 {snap.published_at.astimezone(DISTRICT_TZ):%Y-%m-%d %H:%M} "
        "发布")
    with ctx.work(MONTH_AT) as uow:
        month = publish_for_cycle(uow, month_period, outputs_dir=ctx.settings.outputs_dir)
        shown = show_list(uow, month_period)
        towns = town_names(uow)
    snap, rows = shown.snapshot, shown.entries
    say(month.summary)
    for board, title in (("towns", "镇（街道）"), ("villages", "全区村（社区）")):
        red = [e.unit_name for e in rows if e.board == board and e.listing == Listing.red]
        black = [e.unit_name for e in rows if e.board == board and e.listing == Listing.black]
        say(f"  {title} 红榜：{_some(red)}；黑榜：{_some(black)}")
    for e in [e for e in rows if e.board == "villages" and e.listing == Listing.black][:1]:
        say(f"  例如 {e.unit_name}：{'；'.join(e.reasons)}")
    for board, where, indicator, why in left_out_rows(left_out(snap), towns):
        say(f"  本期未计入：{board}（{where}）{indicator}——{why}")
    say(f"  通报：{snap.bulletin}（及 .docx）")
    ctx.look += [("red/black list", f".venv/bin/dudao ranking show --period {MONTH}"),
                 ("red/black list of the round", f".venv/bin/dudao ranking show --period {round_period.key}"),
                 ("red/black bulletin", snap.bulletin)]
