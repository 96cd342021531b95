"""Regenerate the example district's 2022 support projects (projects.xlsx) and contract clean-up (contracts.xlsx):
synthetic and deterministic, on the villages of roster.xlsx.

    .venv/bin/python config/examples/make_ledgers.py

Projects (as the seed reports them): 4 central support projects led by the organisation department, to be
built by the year's end, benefiting 13 villages with at least 5万 a year each (one of them missed its start on
National Day); 5 finance-led pilots built in 2022; 3 pilots and 2 provincial projects applied for in 2022; 2 older
district projects in operation with their actual income. Contracts: 240 operating contracts through the three-level
review from April 2022; 38 found non-compliant, 36 of them cleaned (terminated, or rectified and the issue closed)
and 2 still being rectified; 6 contracts whose review started in November. A test checks the shipped files equal
what this script writes.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_roster import roster_rows

FUNDS = ["中央财政", "省级财政", "区级财政", "村集体自筹", "社会资本"]
MILESTONES = ["立项", "开工", "建成", "验收", "投产"]
PROJECT_HEADERS = ["项目编号", "项目名称", "项目类型", "牵头部门", "申报年度", "状态", "镇街", "村（社区）编码",
                   "村（社区）", "预计年收益（元）", *[f"{s}（元）" for s in FUNDS],
                   *[f"{m}{w}日期" for m in MILESTONES for w in ("计划", "完成")],
                   "2021年实际收益（元）", "2022年实际收益（元）", "备注"]
STAGES = ["村级自查", "镇级初审", "区级联审"]
CONTRACT_HEADERS = ["合同编号", "镇街", "村（社区）编码", "村（社区）", "承包方", "合同标的", "合同金额（元）",
                    "年租金（元）", "签订日期", "起始日期", "终止日期", "清理启动日期",
                    *[f"{s}{c}" for s in STAGES for c in ("完成日期", "结论", "问题类型")],
                    "清理方式", "清理完成日期", "追回资金（元）", "年增收（元）", "备注"]
REASONS = ["未公开招标", "租金明显偏低", "期限过长", "未备案", "合同要素不全", "程序不规范"]
SUBJECTS = ["鱼塘承包", "林地流转", "厂房出租", "商铺出租", "耕地流转", "果园承包", "仓库出租", "集体土地租赁",
            "光伏屋顶租赁", "停车场经营"]
COMPANIES = ["农业发展有限公司", "生态农业合作社", "物流有限公司", "商贸有限公司", "种养殖专业合作社", "实业有限公司"]


def villages() -> list[tuple[str, str, str]]:
    """(code, name, town) of every village in the roster."""
    return [(str(r[4]), str(r[2]), str(r[1])) for r in roster_rows()]


def project_rows() -> list[list[object]]:
    vs = villages()
    by_code = {c: (n, t) for c, n, t in vs}
    rng = random.Random(2022_12)
    rows: list[list[object]] = []

    def add(code, name, kind, lead, year, benefiting, funds, stones, status=None, incomes=None, note=None):
        for i, (vcode, expected) in enumerate(benefiting):
            vname, town = by_code[vcode]
            own = i == 0
            cells = [code, name if own else None, kind if own else None, lead if own else None,
                     year if own else None, status if own else None, town, vcode, vname, expected]
            cells += [(funds.get(s) if own else None) for s in FUNDS]
            cells += [(stones.get(m, (None, None))[w] if own else None) for m in MILESTONES for w in (0, 1)]
            inc = (incomes or {}).get(vcode, {})
            cells += [inc.get(2021), inc.get(2022), note if own else None]
            rows.append(cells)

    # 中央扶持: 4 projects, 13 villages, built by the year's end; XM-ZY-04 did not start on its planned day
    central = [("XM-ZY-01", "青山镇抱团发展现代农业产业园", ["330101003", "330101004", "330101005", "330101006"]),
               ("XM-ZY-02", "河口镇冷链仓储物流中心", ["330102002", "330102003", "330102004"]),
               ("XM-ZY-03", "柳林镇农产品加工厂房", ["330103002", "330103003", "330103004"]),
               ("XM-ZY-04", "双龙镇乡村旅游服务中心", ["330105002", "330105003", "330105004"])]
    for n, (code, name, members) in enumerate(central):
        start_planned = "2022-10-03" if code == "XM-ZY-04" else f"2022-0{5 + n}-16"
        stones = {"立项": ("2022-03-15", "2022-03-15"),
                  "开工": (start_planned, None if code == "XM-ZY-04" else start_planned),
                  "建成": (f"2022-12-{15 + n}", None), "验收": ("2023-01-16", None), "投产": ("2023-03-01", None)}
        benefiting = [(v, 50_000 + 5_000 * rng.randint(0, 6)) for v in members]
        add(code, name, "中央扶持壮大村级集体经济项目", "区委组织部", 2021, benefiting,
            {"中央财政": 1_000_000 * len(members) // 2, "区级财政": 200_000, "村集体自筹": 30_000 * len(members)},
            stones)
    # 财政试点: 5 built in 2022
    pilots = ["330104002", "330106002", "330107002", "330108002", "330109002"]
    for n, v in enumerate(pilots):
        built = f"2022-0{6 + n % 4}-{10 + 3 * n}"
        stones = {"立项": ("2021-11-10", "2021-11-10"), "开工": ("2022-03-01", "2022-03-01"),
                  "建成": (built, built), "验收": ("2022-12-20", None), "投产": ("2023-02-01", None)}
        add(f"XM-SD-0{n + 1}", f"{by_code[v][0]}集体经济试点项目", "村级集体经济试点项目", "区财政局", 2021,
            [(v, 60_000 + 10_000 * rng.randint(0, 4))], {"区级财政": 500_000, "村集体自筹": 50_000}, stones)
    # 2022 applications: 3 pilots, 2 provincial projects (one pilot's 立项 is due on 2022-12-02: reminded)
    pilot = ("村级集体经济试点项目", "区财政局")
    applied = [("XM-SD-2201", "石桥镇光伏发电试点项目", *pilot, ["330104005"], "2022-12-02"),
               ("XM-SD-2202", "北岭镇中药材种植试点项目", *pilot, ["330106005"], "2023-02-15"),
               ("XM-SD-2203", "南湖街道社区服务综合体试点项目", "村级集体经济试点项目", "区财政局", ["330109005"],
                "2023-02-15"),
               ("XM-SF-2201", "白云街道物业经济扶持项目", "省扶持壮大村级集体经济项目", "区委组织部",
                ["330110002", "330110003"], "2023-03-01"),
               ("XM-SF-2202", "西城街道闲置资产盘活项目", "省扶持壮大村级集体经济项目", "区委组织部", ["330108005"],
                "2023-03-01")]
    for code, name, kind, lead, members, approve in applied:
        add(code, name, kind, lead, 2022, [(v, 50_000 + 10_000 * rng.randint(0, 3)) for v in members],
            {"省级财政" if "省" in kind else "区级财政": 800_000}, {"立项": (approve, None)})
    # 区级: two older projects in operation, with their actual income
    for n, v in enumerate(["330101010", "330107005"]):
        stones = {"立项": ("2020-03-10", "2020-03-10"), "开工": ("2020-05-06", "2020-05-06"),
                  "建成": ("2020-11-20", "2020-11-20"), "验收": ("2020-12-15", "2020-12-15"),
                  "投产": ("2021-01-05", "2021-01-05")}
        add(f"XM-QJ-0{n + 1}", f"{by_code[v][0]}标准化厂房出租项目", "区级集体经济项目", "区农村工作局", 2020,
            [(v, 80_000)], {"区级财政": 600_000, "村集体自筹": 100_000}, stones,
            incomes={v: {2021: 76_000 + 4_000 * n, 2022: 82_000 + 3_000 * n}})
    return rows


def _day(d: date) -> str:
    return d.isoformat()


def _working(d: date) -> date:
    """Forward onto a weekday (the demo's dates avoid the year's holidays by construction)."""
    while d.weekday() >= 5 or date(2022, 10, 1) <= d <= date(2022, 10, 7):
        d += timedelta(days=1)
    return d


def contract_rows() -> list[list[object]]:
    rng = random.Random(2022_04)
    vs = villages()
    rows: list[list[object]] = []
    chosen = sorted(rng.sample(range(len(vs)), 120))
    n = 0
    bad_left, rectify_open = 38, 2
    for idx in chosen:
        code, vname, town = vs[idx]
        for _ in range(2):
            n += 1
            subject = rng.choice(SUBJECTS)
            rent = 1_000 * rng.randint(8, 120)
            years = rng.choice([3, 5, 10, 15, 20, 30])
            signed = date(2014 + rng.randint(0, 7), rng.randint(1, 12), rng.randint(1, 28))
            start = signed + timedelta(days=rng.randint(0, 30))
            end = date(start.year + years, start.month, min(start.day, 28))
            party = rng.choice("王李张刘陈杨黄赵吴周") + rng.choice("华明建伟东海") + rng.choice(COMPANIES)
            started = date(2022, 4, 11)
            cells: list[object] = [f"HT2022-{n:04d}", town, code, vname, party, subject, rent * years, rent,
                                   _day(signed), _day(start), _day(end), _day(started)]
            late = n > 234  # the last 6: review started in November, self-check not yet done
            if late:
                cells[11] = "2022-11-18"
                cells += [None] * 9 + [None, None, None, None, None]
                rows.append(cells)
                continue
            d1 = _working(started + timedelta(days=rng.randint(3, 12)))
            d2 = _working(d1 + timedelta(days=rng.randint(5, 12)))
            d3 = _working(d2 + timedelta(days=rng.randint(10, 20)))
            bad = bad_left > 0 and rng.random() < 0.2
            reasons = "、".join(sorted(rng.sample(REASONS, rng.randint(1, 2)), key=REASONS.index)) if bad else None
            found_at = rng.choice([0, 1, 2]) if bad else 3  # the level that first finds it non-compliant
            for level, d in enumerate((d1, d2, d3)):
                if bad and level >= found_at:
                    cells += [_day(d), "不合规", reasons]
                else:
                    cells += [_day(d), "合规", None]
            if bad:
                bad_left -= 1
                if rectify_open > 0 and bad_left < 2:
                    rectify_open -= 1
                    cells += ["整改", None, None, None]
                elif rng.random() < 0.55:
                    cleaned = _working(d3 + timedelta(days=rng.randint(20, 90)))
                    cells += ["终止", _day(cleaned), 1_000 * rng.randint(0, 30) or None, None]
                else:
                    cleaned = _working(d3 + timedelta(days=rng.randint(15, 60)))
                    cells += ["整改", _day(cleaned), None, 1_000 * rng.randint(2, 20)]
            else:
                cells += [None, None, None, None]
            cells.append(None)
            rows.append(cells)
    return rows


def write(folder: Path) -> list[Path]:
    from openpyxl import Workbook

    out = []
    for name, title, headers, rows in (("projects.xlsx", "扶持项目台账", PROJECT_HEADERS, project_rows()),
                                       ("contracts.xlsx", "经营合同清理台账", CONTRACT_HEADERS, contract_rows())):
        wb = Workbook()
        ws = wb.active
        ws.title = title
        ws.append(headers)
        for row in rows:
            ws.append(row)
        path = folder / name
        wb.save(path)
        out.append(path)
    return out


if __name__ == "__main__":
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent):
        print(p)
