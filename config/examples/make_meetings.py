"""Regenerate the example district's 2022 meeting season (meetings-2022.csv): synthetic and deterministic.

    .venv/bin/python config/examples/make_meetings.py

One row per problem a meeting took up: the weekly meeting (每周例会) or joint meeting (联席会议) that raised it
and when, its village, title, category, working days to fix it and owner; the other meetings that put it on
their agenda (列入议程: `联席会议:2022-04-01;每周例会:2022-04-06`); the meeting that settled it and the 增收 it
brought. The dates are the occurrences of the example config's `weekly-meeting` and `joint-meeting` cycles in
2022 (holidays moved to working days). `dudao demo` replays it (cli/demo/meetings.py); a test checks that the
shipped file equals what this script writes.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "meetings-2022.csv"
HEADERS = ["序号", "提出会议", "提出日期", "村社区编码", "问题", "类别", "整改期限工作日", "责任单位", "列入议程",
           "解决会议", "解决日期", "增收元"]
WEEKLY, JOINT = "每周例会", "联席会议"
PROBLEMS = [  # (category, title, owner: "" = the village, else a department key)
    ("项目建设", "光伏发电项目并网手续未办结", "agriculture"), ("项目建设", "农产品加工厂房建设进度滞后", ""),
    ("项目建设", "冷链仓储项目用地指标未落实", "natural-resources"), ("项目建设", "标准厂房招租进度慢", ""),
    ("资产管理", "闲置村部用房未盘活", ""), ("资产管理", "集体经营性资产台账不全", ""),
    ("资产管理", "集体林地承包费长期拖欠", ""), ("合同管理", "鱼塘承包合同租金明显偏低", "rural-work"),
    ("合同管理", "土地流转合同期限过长未规范", "rural-work"), ("财务管理", "项目收益未及时入账", "finance"),
    ("财务管理", "扶持资金拨付滞后", "finance"), ("增收渠道", "村级物业经营收入下滑", ""),
    ("增收渠道", "乡村旅游配套设施未完善", "housing"), ("增收渠道", "农村污水处理设施运维费用分摊不清", "ecology"),
    ("组织建设", "村集体经济组织成员界定未完成", ""), ("增收渠道", "强村公司注册登记未完成", "agriculture"),
]


def occurrences() -> tuple[list[date], list[date]]:
    """The 2022 dates of the example config's weekly and joint meeting cycles."""
    sys.path.insert(0, str(HERE.parents[1]))
    from config.district import load_district_config
    from domain.calendar import WorkingCalendar, preview

    cfg = load_district_config(HERE / "district.toml")
    found = preview(cfg.cycles, WorkingCalendar(), date(2022, 1, 1), date(2022, 12, 31))
    return ([o.date for o in found if o.cycle == "weekly-meeting"],
            [o.date for o in found if o.cycle == "joint-meeting"])


def villages() -> list[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(HERE / "roster.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("编码")
    return [str(r[col]) for r in rows[1:]]


def season(seed: int = 2022) -> list[list[object]]:
    rng = random.Random(seed)
    weekly, joint = occurrences()
    codes = villages()
    rows: list[list[object]] = []

    def income() -> int:
        return rng.randrange(20, 160) * 1000 if rng.random() < 0.75 else 0

    def problem(kind: str, day: date, settle: tuple[str, date] | None, agenda: list[tuple[str, date]]) -> None:
        category, title, owner = PROBLEMS[rng.randrange(len(PROBLEMS))]
        n = len(rows) + 1
        rows.append([n, kind, day.isoformat(), rng.choice(codes), title, category, rng.choice((10, 15, 20)),
                     f"department:{owner}" if owner else "",
                     ";".join(f"{k}:{d.isoformat()}" for k, d in agenda),
                     settle[0] if settle else "", settle[1].isoformat() if settle else "",
                     (income() if settle else "") or ""])

    for i, day in enumerate(weekly[:-2]):  # the weekly meetings hear progress; most raise a problem or two
        for _ in range(2 if i % 3 == 0 else 1 if i % 5 else 0):
            later = [d for d in weekly if d > day][rng.randrange(2, 7):][:1]
            if not later or rng.random() < 0.1:
                problem(WEEKLY, day, None, [])
                continue
            settle = (WEEKLY, later[0])
            between = [d for d in joint if day < d <= later[0]]
            agenda = []
            if between and rng.random() < 0.4:  # taken up by the joint meeting in between too
                agenda = [(JOINT, between[0])]
                if rng.random() < 0.5:
                    settle = (JOINT, between[0])  # … which settled it
                    agenda = []
            problem(WEEKLY, day, settle, agenda)
    for i, day in enumerate(joint):  # the joint meetings raise the departments' problems
        for _ in range(5):
            nxt = joint[i + 1] if i + 1 < len(joint) else None
            if nxt is None or rng.random() < 0.15:
                problem(JOINT, day, None, [])
                continue
            weeklies = [d for d in weekly if day < d < nxt]
            if weeklies and rng.random() < 0.3:  # heard at a weekly meeting first, settled at the next joint one
                problem(JOINT, day, (JOINT, nxt), [(WEEKLY, weeklies[len(weeklies) // 2])])
            else:
                problem(JOINT, day, (JOINT, nxt), [])
    return rows


def render(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_text(render(season()), encoding="utf-8")
    print(f"wrote {OUT} ({len(season())} problems)")
