"""Demo steps of the hundred-day campaign and the red/black list, on the example district's 2022 season.

Deterministic: progress comes from a fixed rule over the villages' codes, every step acts at a fixed
as-of in 2022.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from cli.demo_cmd import DemoContext

SH = ZoneInfo("Asia/Shanghai")
CAMPAIGN_AT = datetime(2022, 10, 17, 9, 0, tzinfo=SH)  # a Monday run of the campaign cycle
RANKING_ROUND = date(2022, 10, 10)
ROUND_AT = datetime(2022, 10, 24, 9, 0, tzinfo=SH)  # the round's two weeks are over
MONTH, MONTH_AT = "2022-10", datetime(2022, 11, 1, 9, 0, tzinfo=SH)


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

    from cli.campaign_view import print_status
    from cli.output import say
    from domain.calendar import load_calendar
    from domain.campaign import milestone_dates
    from domain.campaign_cycle import run_campaign
    from domain.campaign_progress import parse_campaign_sheet, record_progress, write_campaign_sheet
    from domain.sheets import read_table
    from models.db import session_scope

    cfg = ctx.cfg.campaign
    folder = ctx.settings.outputs_dir / "campaign"
    with session_scope(ctx.settings.db_url) as session:
        cal = load_calendar(session)
        sheet, rows = write_campaign_sheet(session, cfg, cal, folder / "攻坚进度表-示范区.xlsx")
    due = {d.key: d.due for d in milestone_dates(cfg, cal)}
    wb = load_workbook(sheet)
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        code, key = str(ws.cell(r, 2).value), ws.cell(r, 4).value
        done = _fill(code, due[key], salt=len(key)) if due[key] < CAMPAIGN_AT.date() else None
        if done is not None:
            ws.cell(r, 7).value, ws.cell(r, 8).value = done, f"{key}佐证-{code}"
    wb.save(sheet)
    with session_scope(ctx.settings.db_url) as session:
        report = record_progress(session, cfg, parse_campaign_sheet(read_table(sheet)), at=CAMPAIGN_AT,
                                 actor=ctx.actor, source=sheet.name)
        run = run_campaign(session, ctx.cfg, cal, as_of=CAMPAIGN_AT, actor="百日攻坚行动进度调度（演示）",
                           outputs_dir=ctx.settings.outputs_dir)
    say(f"sheet {sheet.name}: {rows} rows, {report.created} done-dates imported; run of {CAMPAIGN_AT:%Y-%m-%d}: "
          f"{run.reminders_queued} reminders queued, {run.issues_raised} issues raised for missed milestones")
    print_status(run.status, behind_limit=4, towns=False)
    ctx.look += [("campaign status", f".venv/bin/dudao campaign status --on {CAMPAIGN_AT.date()}"),
                 ("campaign sheet", str(sheet))]


def _some(names: list[str], limit: int = 6) -> str:
    return "、".join(names[:limit]) + (f"等{len(names)}个" if len(names) > limit else "") if names else "无"


def step_ranking(ctx: DemoContext) -> None:
    """红黑榜: the round's list (published by the red-black-list cycle when the round closed), then October's
    list published as of 2022-11-01 with everything the ledger holds by then."""
    import sqlalchemy as sa

    from cli.output import say
    from domain.calendar import load_calendar
    from domain.periods import parse_period, period_for_run
    from domain.ranking_bulletin import left_out_rows
    from domain.ranking_publish import publish_for_cycle
    from domain.ranking_snapshot import entries, left_out, published
    from models.db import session_scope
    from models.org import Town
    from models.ranking import Listing

    round_period = period_for_run(RANKING_ROUND, follows_round=True)
    with session_scope(ctx.settings.db_url) as session:
        cal = load_calendar(session)
        snap = published(session, round_period.key)
        if snap is None:  # the round's cycle did not run: publish it as the cycle would
            publish_for_cycle(session, ctx.cfg, round_period, cal, as_of=ROUND_AT, actor="红黑榜（自动）",
                              outputs_dir=ctx.settings.outputs_dir)
            snap = published(session, round_period.key)
        say(f"{round_period.key}: published {snap.published_at.astimezone(SH):%Y-%m-%d %H:%M} by {snap.published_by}")
        month = publish_for_cycle(session, ctx.cfg, parse_period(MONTH), cal, as_of=MONTH_AT,
                                  actor=ctx.actor, outputs_dir=ctx.settings.outputs_dir)
        snap = published(session, MONTH)
        rows = entries(session, snap.id)
        towns = dict(session.execute(sa.select(Town.code, Town.name)).all())
    say(month.summary)
    for board, title in (("towns", "镇（街道）"), ("villages", "全区村（社区）")):
        red = [e.unit_name for e in rows if e.board == board and e.listing == Listing.red]
        black = [e.unit_name for e in rows if e.board == board and e.listing == Listing.black]
        say(f"  {title} 红榜：{_some(red)}；黑榜：{_some(black)}")
    for e in [e for e in rows if e.board == "villages" and e.listing == Listing.black][:1]:
        say(f"  e.g. {e.unit_name}：{'；'.join(e.reasons)}")
    for board, where, indicator, why in left_out_rows(left_out(snap), towns):
        say(f"  本期未计入：{board}（{where}）{indicator}——{why}")
    say(f"  bulletin: {snap.bulletin} (and .docx)")
    ctx.look += [("red/black list", f".venv/bin/dudao ranking show --period {MONTH}"),
                 ("red/black list of the round", f".venv/bin/dudao ranking show --period {round_period.key}"),
                 ("red/black bulletin", snap.bulletin)]
