# ruff: noqa: E501
"""Regenerate the example district's party, cadre, training and plan sheets (config/examples/party/*.xlsx):
synthetic and deterministic, built on the roster (make_roster.py) so every code names a village of it.

    .venv/bin/python config/examples/make_party.py

One party organisation per village; 2022 city-level star ratings (五星/四星/三星); four party-building brands;
five weak-and-lax organisations designated in 2022 (the demo closes their rectification); the district's and
the towns' qualification reviews of early 2022 (about 750 cadres, a few with records, handled); the 2021
assessment of every secretary and the excellent secretaries and cadres of 2021; eight training sessions of
2022 (counts, two with lists of people); the three-year plan 2022–2024 and the 2022 implementation plans of the
district, each town and each village. A test checks that the shipped files equal what this script writes.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "party"
FILES = {"orgs": "party_orgs.xlsx", "ratings": "party_ratings.xlsx", "weak": "party_weak.xlsx",
         "brands": "party_brands.xlsx", "reviews": "cadre_reviews.xlsx", "assessments": "cadre_assessments.xlsx",
         "excellent": "cadre_excellent.xlsx", "sessions": "training_sessions.xlsx",
         "attendance": "training_attendance.xlsx", "plans": "plans.xlsx"}
TOWN_CODES = {name: f"T{i:02d}" for i, name in enumerate(
    ("青山镇", "河口镇", "柳林镇", "石桥镇", "双龙镇", "北岭镇", "东城街道", "西城街道", "南湖街道", "白云街道"), start=1)}
LEADERS = ["张明", "李红", "王建华", "刘志刚", "陈静"]  # district leaders attached (联系) to a weak organisation
POSTS = ["村委会主任", "村（社区）“两委”委员", "村务监督委员会主任", "村（社区）“两委”委员"]


def _roster() -> list[list[object]]:
    spec = importlib.util.spec_from_file_location("make_roster", HERE / "make_roster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.roster_rows(), module.SURNAMES, module.GIVEN


def sheets(seed: int = 2022) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Each file's header and rows."""
    rows, surnames, given = _roster()
    rng = random.Random(seed)

    def person() -> str:
        return rng.choice(surnames) + rng.choice(given) + (rng.choice(given) if rng.random() < 0.6 else "")

    villages = [(r[4], r[1], r[2], r[3], r[10], r[6]) for r in rows]  # code, town, name, kind, secretary, 2022 万元
    out: dict[str, tuple[list[str], list[list[object]]]] = {}
    orgs = []
    for code, town, name, kind, secretary, _ in villages:
        members = rng.randint(22, 130)
        org_kind = "党委" if kind == "社区" and members > 100 else "党总支" if members > 60 else "党支部"
        orgs.append([code, f"{town}{name}{org_kind}", org_kind, secretary, members])
    out["orgs"] = (["村（社区）编码", "党组织名称", "组织类型", "书记", "党员数"], orgs)

    order = list(range(len(villages)))
    rng.shuffle(order)
    stars = {i: 5 if n < 16 else 4 if n < 62 else 3 for n, i in enumerate(order)}
    out["ratings"] = (["村（社区）编码", "年度", "星级", "评定层级", "评定日期"],
                      [[v[0], 2022, {5: "五星", 4: "四星", 3: "三星"}[stars[i]], "市级", "2022-06-30"]
                       for i, v in enumerate(villages)])

    weak_idx = [i for i in order if stars[i] == 3][:5]
    weak_dates = ["2022-03-15", "2022-03-15", "2022-03-15", "2022-04-18", "2022-08-15"]
    reasons = ["班子凝聚力不强，集体经济长期薄弱", "组织生活不规范，“三会一课”落实不到位", "书记长期空缺，工作推不开",
               "村务公开不及时，群众意见较大", "集体资产管理混乱，矛盾纠纷较多"]
    out["weak"] = (["村（社区）编码", "年度", "认定日期", "主要问题", "联系区领导", "镇党委书记", "整顿期限",
                    "整顿期限（工作日）"],
                   [[villages[i][0], 2022, d, reasons[n], LEADERS[n], "", "2022-10-10" if n == 4 else "", "" if n == 4 else 60]
                    for n, (i, d) in enumerate(zip(weak_idx, weak_dates, strict=True))])

    community = next(i for i in order if villages[i][3] == "社区" and stars[i] == 5)
    village = next(i for i in order if villages[i][3] == "村" and stars[i] == 5)
    others = [i for i in order if stars[i] == 5 and i not in (community, village)][:2]
    brand_names = [f"{villages[community][2].removesuffix('社区')}小区党支部", f"{villages[village][2].removesuffix('村')}屯党支部",
                   "“红色管家”服务队", "“田园先锋”党员示范岗"]
    out["brands"] = (["品牌名称", "村（社区）编码", "年度", "排序"],
                     [[b, villages[i][0], 2022, n] for n, (b, i) in enumerate(zip(brand_names, [community, village, *others],
                                                                                  strict=True), start=1)])

    reviews = []
    for i, (code, _town, _name, _kind, secretary, _) in enumerate(villages):
        day = f"2022-01-{10 + i % 15:02d}"
        reviews.append([2022, "区级", code, secretary, "党组织书记", day, "符合任职条件", "", "", "", ""])
        for k in range(rng.choice((3, 4, 4, 5))):
            reviews.append([2022, "镇级", code, person(), POSTS[k % len(POSTS)], f"2022-02-{7 + i % 18:02d}",
                            "符合任职条件", "", "", "", ""])
    found = rng.sample(range(len(reviews)), 7)
    handlings = ["依法依规罢免职务", "劝其辞职", "调整出“两委”班子", "诫勉谈话，不再提名", "依法终止职务",
                 "责令辞职", "调整岗位"]
    for n, j in enumerate(found):
        r = reviews[j]
        r[6] = "有违法记录" if n < 6 else "其他不符合情形"
        r[7] = "有违法记录，经区镇会商" if n < 6 else "长期不在村履职"
        if r[1] == "镇级":
            r[3] = person()  # a distinct person: the case is about them
        r[9] = handlings[n]
        r[10] = f"2022-03-{10 + n:02d}"
    late_village = villages[order[-1]][0]
    reviews.append([2022, "镇级", late_village, "邵国强", "村（社区）“两委”委员", "2022-09-26", "有违法记录",
                    "“回头看”发现有违法记录", "", "", ""])  # handled in the demo after National Day
    out["reviews"] = (["年度", "审查层级", "村（社区）编码", "姓名", "职务", "审查日期", "审查结果", "情况说明",
                       "处理期限", "会商处理结果", "处理日期"], reviews)

    grades = ["好"] * 30 + ["较好"] * 80 + ["一般"] * 35 + ["差"] * 5
    grades += ["较好"] * (len(villages) - len(grades))
    rng.shuffle(grades)
    out["assessments"] = (["年度", "村（社区）编码", "书记姓名", "等次", "考核日期"],
                          [[2021, v[0], v[4], g, "2022-01-25"] for v, g in zip(villages, grades, strict=True)])
    best = [i for i, g in enumerate(grades) if g == "好"][:22]
    excellent = [[2021, "优秀村（社区）书记", villages[i][0], villages[i][4], "党组织书记"] for i in best]
    for i in rng.sample(range(len(villages)), 48):
        excellent.append([2021, "优秀村（社区）干部", villages[i][0], person(), rng.choice(POSTS)])
    out["excellent"] = (["考核年度", "类别", "村（社区）编码", "姓名", "职务"], excellent)

    sessions = [
        ("PX2022-01", "村（社区）党组织书记集体经济专题培训班", "专题", "区委组织部", "2022-03-08", "2022-03-10", "", 0),
        ("PX2022-02", "村（社区）“两委”干部第一期轮训", "轮训", "区委组织部", "2022-04-12", "2022-04-14", 128, 0),
        ("PX2022-03", "农村党员冬春训（青山镇、河口镇、柳林镇）", "轮训", "区委组织部", "2022-04-26", "2022-04-28", 0, 1180),
        ("PX2022-04", "村（社区）“两委”干部第二期轮训", "轮训", "区委党校", "2022-05-17", "2022-05-19", 136, 0),
        ("PX2022-05", "农村党员冬春训（石桥镇、双龙镇、北岭镇）", "轮训", "区委组织部", "2022-06-14", "2022-06-16", 0, 1065),
        ("PX2022-06", "村级集体经济项目管理专题培训", "专题", "区农业农村局", "2022-07-12", "2022-07-13", 152, 0),
        ("PX2022-07", "农村党员示范培训（街道）", "轮训", "区委党校", "2022-08-23", "2022-08-25", 0, ""),
        ("PX2022-08", "村（社区）“两委”干部第三期轮训", "轮训", "区委组织部", "2022-09-20", "2022-09-22", 141, 0),
    ]
    out["sessions"] = (["期次编号", "培训名称", "培训类型", "主办单位", "开始日期", "结束日期", "村（社区）干部人次",
                        "农村党员人次"], [list(s) for s in sessions])
    attendance = [["PX2022-01", "村（社区）干部", v[0], v[4]] for v in villages]  # every secretary
    street = [v for v in villages if v[1].endswith("街道")]
    for v in street:
        names = set()
        while len(names) < rng.randint(5, 8):
            names.add(person())
        attendance += [["PX2022-07", "农村党员", v[0], n] for n in sorted(names)]
    out["attendance"] = (["期次编号", "身份", "村（社区）编码", "姓名"], attendance)

    plans = []
    three = ["GH2022", "三年规划", "示范区发展壮大村级集体经济三年规划（2022—2024年）", 2022, 2024]
    by_town: dict[str, list[float]] = {}
    for v in villages:
        by_town.setdefault(v[1], []).append(v[5])
    growth = {2022: 1.0, 2023: 1.10, 2024: 1.20}
    for year, g in growth.items():
        base = [x * g * 0.97 for x in (v[5] for v in villages)]
        plans.append([*three, "区", "区", "D01", year, "最低收入（元）", 50000])
        plans.append([*three, "区", "区", "D01", year, "10万元以上村数", sum(x >= 10 for x in base)])
        plans.append([*three, "区", "区", "D01", year, "20万元以上村数", sum(x >= 20 for x in base)])
        plans.append([*three, "区", "区", "D01", year, "集体经济收入（元）", int(sum(base) * 10000) // 10000 * 10000])
        for town, incomes in by_town.items():
            t = [x * g * 0.97 for x in incomes]
            plans.append([*three, "区", "镇", TOWN_CODES[town], year, "10万元以上村数", sum(x >= 10 for x in t)])
            plans.append([*three, "区", "镇", TOWN_CODES[town], year, "集体经济收入（元）",
                          int(sum(t) * 10000) // 10000 * 10000])
        for v in villages:
            plans.append([*three, "区", "村", v[0], year, "集体经济收入（元）", int(v[5] * g * 0.97 * 10) * 1000])
    annual = {"区": ("SS2022-D", "示范区2022年发展壮大村级集体经济实施方案")}
    plans.append(["SS2022-D", "年度实施方案", annual["区"][1], 2022, 2022, "区", "区", "D01", 2022, "10万元以上村数",
                  sum(v[5] * 0.99 >= 10 for v in villages)])
    plans.append(["SS2022-D", "年度实施方案", annual["区"][1], 2022, 2022, "区", "区", "D01", 2022, "最低收入（元）", 50000])
    for town, incomes in by_town.items():
        key = f"SS2022-{TOWN_CODES[town]}"
        title = f"{town}2022年发展壮大村级集体经济实施方案"
        plans.append([key, "年度实施方案", title, 2022, 2022, "镇", "镇", TOWN_CODES[town], 2022, "10万元以上村数",
                      sum(x * rng.uniform(0.95, 1.05) >= 10 for x in incomes)])
        plans.append([key, "年度实施方案", title, 2022, 2022, "镇", "镇", TOWN_CODES[town], 2022, "集体经济收入（元）",
                      int(sum(incomes) * rng.uniform(0.95, 1.03) * 10) * 1000])
    for v in villages:
        plans.append([f"SS2022-{v[0]}", "年度实施方案", f"{v[1]}{v[2]}2022年集体经济发展实施方案", 2022, 2022, "村", "村",
                      v[0], 2022, "集体经济收入（元）", int(v[5] * rng.uniform(0.92, 1.05) * 10) * 1000])
    out["plans"] = (["方案编号", "方案类型", "方案名称", "起始年度", "终止年度", "方案层级", "目标层级", "单位编码", "年度",
                     "指标", "目标值"], plans)
    return out


def write(directory: Path = OUT) -> list[Path]:
    from openpyxl import Workbook

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, (headers, rows) in sheets().items():
        wb = Workbook()
        ws = wb.active
        ws.title = kind
        ws.append(headers)
        for row in rows:
            ws.append(row)
        path = directory / FILES[kind]
        wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2022, 1, 1)
        wb.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
