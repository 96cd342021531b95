"""`dudao demo`: replay the example district's 2022 season on the embedded default (SQLite, local Prefect).

Deterministic: every step acts at a fixed as-of in 2022, so the output is the same on any day.
Each capability adds one step to STEPS (a function taking the DemoContext) and lines to `where to look`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from cli.demo import board as demo_board
from cli.demo import ledgers as demo_ledgers
from cli.demo import meetings as demo_meetings
from cli.demo import party as demo_party
from cli.demo import ranking as demo_ranking
from cli.demo import report as demo_report
from cli.demo import rounds as demo_rounds
from cli.demo import schedule as demo_schedule
from cli.demo.context import EXAMPLES, DemoContext
from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from config.settings import Settings

def step_load(ctx: DemoContext) -> None:
    """载入示范区: config + roster, as of 2022-09-30 (the ledger is set up here: no schema to check yet)."""
    from adapters.sheets import read_table
    from cli.summary import print_summary
    from domain.roster import district_summary, set_up_ledger
    from domain.unit_of_work import unit_of_work

    at = datetime(2022, 9, 30, 9, 0, tzinfo=DISTRICT_TZ)
    with unit_of_work(as_of=at, actor=ctx.actor, config=ctx.cfg, url=ctx.settings.db_url, check_schema=False) as uow:
        set_up_ledger(uow, ctx.config_path, roster=read_table(EXAMPLES / ctx.cfg.demo.roster))
        summary = district_summary(uow, ctx.cfg.demo.season)
    print_summary(summary)
    ctx.look += [("roster", ".venv/bin/dudao roster show"),
                 ("config", ".venv/bin/dudao config check config/examples/district.toml")]


def step_deadline_sweep(ctx: DemoContext) -> None:
    from cli.demo.issues import step_deadline_sweep as step  # its local HTTP sink stays out of `--help`

    step(ctx)


STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("载入示范区（配置与花名册）", step_load),
    ("2022年周期安排（工作日、节假日调整）", demo_schedule.step_occurrences),
    # the sweep seeds September's issues: the round planned next visits their villages first
    ("问题到期检查：一天的提醒与督办（本地接收端）", step_deadline_sweep),
    ("用 Prefect 运行一期两周一督查", demo_schedule.step_run_cycle),
    ("督查安排与调研行程送达组长、镇街和成员单位（2022-10-10）", demo_rounds.step_plans_delivered),
    ("百日攻坚：进度表导入、逾期节点立问题、进度（2022-10-17）", demo_ranking.step_campaign),
    ("两周一督查：记录结果、发布通报（R2022-10-10）", demo_rounds.step_round),
    ("红黑榜：督查轮次后的榜单与10月榜单", demo_ranking.step_ranking),
    ("扶持项目与合同清理：台账导入、节点与审查期限检查、年度数字（2022-11-30）", demo_ledgers.step_ledgers),
    ("党建台账：党组织、干部、培训、规划（2022-10-25 导入）", demo_party.step_load),
    ("党建台账：会商处理期限提醒（跨国庆）与年度党建数据", demo_party.step_reviews),
    ("每周例会与联席会议：会前进展简报、议程与研究解决的问题（2022年）", demo_meetings.step_meetings),
    ("2022年工作汇报：报告、图表与溯源工作簿", demo_report.step_report),
    ("网页工作台：各角色的演示账号", demo_board.step_web_accounts),
]


def demo() -> None:
    """把示范区 2022 年的工作重放到 var/，并说明在哪里查看结果。"""
    from adapters.demo_reset import reset_demo_database
    from cli import context
    from cli.output import say

    s = context.settings()
    config_path = EXAMPLES / "district.toml"
    cfg = context.district(config_path)
    reset_demo_database(s.db_url, cfg.district.code)
    _reset_demo_history(s)
    ctx = DemoContext(s, cfg, config_path, cfg.district.acting_user or "区委组织部")
    with ctx.stack:  # one Prefect connection for every cycle the demo runs
        for n, (title, step) in enumerate(STEPS, start=1):
            say(f"\n[bold]{n}. {title}[/bold]")
            step(ctx)
    say("\n[bold]在哪里查看[/bold]")
    say(f"  账本：{s.db_url}")
    for what, where in ctx.look:
        say(f"  {LOOK_NAMES.get(what, what)}：{where}")
    say(f"\n[bold]网页工作台[/bold]：.venv/bin/dudao web --as-of {demo_board.WEB_AS_OF}  →  http://127.0.0.1:8000/")


# the steps' labels of where to look, as the coordinator reads them
LOOK_NAMES = {"roster": "花名册", "config": "区配置", "issues": "问题台账", "outbox": "消息队列",
              "campaign status": "百日攻坚进度", "campaign sheet": "百日攻坚进度表", "red/black list": "红黑榜",
              "red/black list of the round": "本轮红黑榜", "red/black bulletin": "红黑榜通报", "bulletin": "督查通报",
              "round": "督查轮次", "team sheet": "督导组督查记录表", "research trip": "季度调研",
              "occurrences": "周期发生日", "calendar file": "日历文件", "run history": "运行记录",
              "one issue's history": "单个问题的整改历程",
              "Prefect UI on this history": "Prefect 界面（本演示的运行记录）",
              "support projects": "扶持项目",
              "project figures": "扶持项目数字",
              "contract clean-up": "合同清理",
              "contract figures": "合同清理数字",
              "party organisations": "村（社区）党组织",
              "party figures (report)": "党建数字（工作汇报）",
              "weak-and-lax rectification": "软弱涣散整顿",
              "qualification reviews": "任职资格审查",
              "review reminders": "会商处理提醒",
              "excellent cadres of 2021": "2021年度优秀书记与干部",
              "training": "培训",
              "plans": "规划",
              "meetings": "会议",
              "meeting brief (进展简报)": "进展简报",
              "meeting figures (seed #10–#12, #28–#31)": "会议数字（工作汇报第10–12、28–31处）",
              "work report 2022": "2022年工作汇报",
              "work report (markdown)": "工作汇报（Markdown）",
              "report charts": "汇报图表",
              "report explain workbook": "汇报数字溯源工作簿",
              "report again": "重新生成汇报",
              "web board": "网页工作台"}


def _reset_demo_history(s: Settings) -> None:
    """The demo's ledger starts from nothing, so does its local Prefect history (unless a `dudao serve` or a
    configured Prefect API holds it: then the demo's runs are added to that history)."""
    if s.prefect_api_url or s.prefect_server_file.exists():
        return
    for suffix in ("", "-wal", "-shm"):
        (s.prefect_dir / f"prefect.db{suffix}").unlink(missing_ok=True)
