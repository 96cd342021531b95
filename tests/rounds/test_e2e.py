"""End to end on the example district: the round's flow plans R2022-10-10 (overdue villages first), the team
leaders' plans reach a local json:// endpoint through apprise, results come in through the CLI and a filled-in
.xlsx sheet, findings become issues, `dudao rounds close` publishes the bulletin (every figure checked against
the recorded rows) and wakes the red/black list; towns get their line, leadership the .docx by e-mail."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from tests.notifications.sink import Mailbox, Sink
from tests.rounds.bulletin_check import check_bulletin, markdown_tables
from tests.rounds.conftest import ROUND, ledger_counts, team_visits

pytestmark = pytest.mark.e2e


def at(m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(2022, m, d, h, minute, tzinfo=DISTRICT_TZ)


@pytest.fixture
def endpoints(home, monkeypatch, example_cfg):
    """Every example channel at a local json:// endpoint, leadership-mail at a local SMTP server."""
    from cli import context
    from config.settings import get_settings

    sink, mailbox = Sink().start(), Mailbox().start()
    for c in example_cfg.notifications.channels:
        url = mailbox.url("leader@example.gov.cn") if c.name == "leadership-mail" else sink.url(c.name)
        monkeypatch.setenv(f"DUDAO_CHANNELS__{c.name.upper().replace('-', '_')}", url)
    get_settings.cache_clear()
    context.district.cache_clear()
    yield sink, mailbox
    sink.stop()
    mailbox.stop()


def seed_issues(url, cfg) -> dict[str, int]:
    """Before the round: an overdue issue, an open one, and one that is closed while the round runs."""
    from domain.issues.raising import NewIssue, issue_policy, open_issues
    from models.db import session_scope

    seeds = {"overdue": ("330101003", "经营合同未规范签订", date(2022, 9, 30)),
             "open": ("330105002", "财务公开栏未及时更新", date(2022, 10, 28)),
             "closing": ("330103004", "集体资产未登记入账", date(2022, 10, 14))}
    with session_scope(url) as s:
        ids = open_issues(s, [NewIssue(title=t, village=v, deadline=d, category="资产管理", source_ref=f"seed:{k}")
                              for k, (v, t, d) in seeds.items()], at=at(9, 13), actor="测试",
                          policy=issue_policy(s, cfg), notify=False)
    return dict(zip(seeds, ids, strict=True))


def posts(sink, path: str) -> dict[str, str]:
    return {p.title: p.body for p in sink.posts if p.path == f"/{path}"}


def test_round_end_to_end(example_db, example_cfg, cli, prefect_api, endpoints, tmp_path):
    from domain.issues.lifecycle import walk_to
    from domain.issues.raising import issue_policy
    from flows.inspection_round import inspection_round
    from models.db import session_scope
    from models.issues import Issue, IssueSource, IssueStatus
    from models.rounds import Finding

    sink, mailbox = endpoints
    seeded = seed_issues(example_db, example_cfg)

    # 1. the cycle fires: the round is planned, each team leader gets one message
    state = inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10), as_of=at(10, 10),
                             return_state=True)
    assert state.is_completed(), state.message
    cli("notify", "deliver", "--at", "2022-10-10T09:30")
    teams = posts(sink, "team-groups")
    assert len(teams) == 5 and len(sink.titles("team-groups")) == 5  # one message per team leader
    names = {t.key: t.name for t in example_cfg.teams}
    for key, name in names.items():
        (body,) = [b for title, b in teams.items() if f"｜{name}｜" in title]
        mine = team_visits(example_db, key)
        assert f"共{len(mine)}个村（社区）" in body and "座谈了解、实地查看、查阅资料" in body
        for v in mine:
            assert village_name(example_db, v.village) in day_line(body, v.day), (key, v.village, v.day)
    overdue_team = next(k for k in names if "330101003" in [v.village for v in team_visits(example_db, k)])
    first_day = min(v.day for v in team_visits(example_db, overdue_team))
    assert {v.village: v.day for v in team_visits(example_db, overdue_team)}["330101003"] == first_day
    body = next(b for t, b in teams.items() if f"｜{names[overdue_team]}｜" in t)
    assert f"{village_name(example_db, '330101003')}【逾期】" in body and "经营合同未规范签订（9月30日到期）" in body
    open_team = next(k for k in names if "330105002" in [v.village for v in team_visits(example_db, k)])
    assert "财务公开栏未及时更新（10月28日到期）" in next(b for t, b in teams.items() if f"｜{names[open_team]}｜" in t)

    # 2. results through the CLI
    team1 = team_visits(example_db, "team-1")
    cli("visits", "record", ROUND, team1[0].village, "--methods", "座谈了解、实地查看", "--score", "88",
        "--finding", "经营合同未备案", "--owner", "镇", "--category", "合同管理",
        "--finding", "项目收益分配方案未公示", "--owner", "区农业农村局", "--category", "财务管理",
        "--as-of", "2022-10-14T17:00", "--by", "第一督导组")
    cli("visits", "record", ROUND, team1[1].village, "--not-visited", "村两委换届，主要负责人外出学习",
        "--as-of", "2022-10-14T17:00", "--by", "第一督导组")

    # 3. results through team-3's filled-in sheet
    cli("rounds", "sheet", ROUND, "--team", "team-3", "--out", tmp_path / "team-3.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "team-3.xlsx")
    ws = wb.active
    col = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col["督查方式"], "座谈了解、查阅资料")
        ws.cell(r, col["得分"], 60 + (r * 7) % 40)
    ws.cell(3, col["督查方式"]).value = None
    ws.cell(3, col["得分"]).value = None
    ws.cell(3, col["未走访原因"], "道路施工无法通行")
    ws.cell(2, col["发现问题"], "集体资产台账不完整")
    ws.cell(2, col["责任单位"], "村")
    ws.cell(2, col["问题类别"], "资产管理")
    ws.cell(2, col["整改时限(工作日)"], 5)
    wb.save(tmp_path / "team-3-filled.xlsx")
    report = json.loads(cli("visits", "import", tmp_path / "team-3-filled.xlsx", "--as-of", "2022-10-21T17:00",
                            "--json").stdout)[0]
    assert len(report["recorded"]) == len(team_visits(example_db, "team-3")) and len(report["issues"]) == 1

    # every finding is an issue: source the visit, its owner, category and deadline
    with session_scope(example_db) as s:
        linked = s.execute(sa.select(Finding.text, Finding.owner, Finding.deadline, Issue.title, Issue.owner,
                                     Issue.category, Issue.deadline, Issue.source, Issue.source_ref)
                           .join(Issue, Issue.id == Finding.issue_id)).all()
    assert len(linked) == 3
    owners = set()
    for text, owner, deadline, title, i_owner, _, i_deadline, source, ref in linked:
        assert (title, i_owner, i_deadline, source) == (text, owner, deadline, IssueSource.visit)
        assert ref.startswith("finding:")
        owners.add(i_owner)
    assert owners >= {"department:agriculture", f"village:{team_visits(example_db, 'team-3')[0].village}"}

    # 4. an issue is closed while the round runs; then the round closes
    with session_scope(example_db) as s:
        walk_to(s, seeded["closing"], IssueStatus.closed, at=at(10, 18, 10), actor="测试",
                policy=issue_policy(s, example_cfg), submitted_at=at(10, 13, 16))
    before = len(sink.posts)
    out = cli("rounds", "close", ROUND, "--as-of", "2022-10-24T09:00", "--json")
    closed = json.loads(out.stdout)
    assert closed["closed_now"] and closed["followers"] == [["red-black-list", "Completed"]]
    from pathlib import Path

    md, docx = Path(closed["markdown"]), Path(closed["docx"])
    exp = check_bulletin(example_db, ROUND, md, docx)  # every figure against the recorded rows
    section = markdown_tables(md.read_text(encoding="utf-8"))["四、上轮以来问题销号情况"]
    town_of_closing = town_name(example_db, "330103004")
    assert section[1:] == [[town_of_closing, "1", "1"], ["合计", "1", "1"]]

    # 5. the bulletin reaches the towns (a line each) and leadership (the .docx by e-mail): the red/black-list
    # run delivered what was due when it ran; a delivery now finds the rest, if any
    cli("notify", "deliver", "--at", "2022-10-24T09:30")
    towns = posts(sink, "town-groups")
    assert len(towns) == 10
    for town, figures in exp["towns"].items():
        (body,) = [b for t, b in towns.items() if f"｜{town}｜" in t]
        planned, done = figures[0], figures[1]
        assert f"R2022-10-10督查通报：{town}应督查{planned}个村（社区），已督查{done}个" in body
        if figures[4]:
            assert f"平均得分{figures[4]}分" in body
        assert f"全文见附件 {docx.name}" in body and "见邮件或台账" in body
    (mail,) = [m for m in mailbox.messages if "两周一督查通报" in str(m.get_body(("plain",)).get_content())]
    # leadership's digest of the day also carries the red/black list that followed the round
    assert sorted(a.get_filename() for a in mail.iter_attachments()) == sorted([docx.name, "红黑榜-R2022-10-10.docx"])
    assert "【新交办】" in "".join(posts(sink, "department-groups").values())  # the finding's owner was told

    # 6. nothing twice: delivering again, re-running the occurrence, closing again
    counts = ledger_counts(example_db)
    sent = len(sink.posts), len(mailbox.messages)
    cli("notify", "deliver", "--at", "2022-10-24T15:00")
    inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10), as_of=at(10, 10), rerun=True)
    assert "已结束过" in cli("rounds", "close", ROUND, "--as-of", "2022-10-24T10:00").output
    assert (len(sink.posts), len(mailbox.messages)) == sent and sent[0] > before
    assert ledger_counts(example_db) == counts


def village_name(url, code) -> str:
    from models.db import session_scope
    from models.org import Village

    with session_scope(url) as s:
        return s.execute(sa.select(Village.name).where(Village.code == code)).scalar_one()


def town_name(url, code) -> str:
    from models.db import session_scope
    from models.org import Town, Village

    with session_scope(url) as s:
        return s.execute(sa.select(Town.name).join(Village, Village.town_id == Town.id)
                         .where(Village.code == code)).scalar_one()


def day_line(body: str, day: date) -> str:
    """The line of a team's plan for one day."""
    (line,) = [x for x in body.splitlines() if re.match(rf"^{day.month}月{day.day}日 ", x)]
    return line
