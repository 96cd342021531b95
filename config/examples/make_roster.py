"""Regenerate the example district's roster (roster.xlsx): synthetic and deterministic.

    .venv/bin/python config/examples/make_roster.py

150 villages and communities in the 10 towns of district.toml, 2021–2022 collective incomes (all
above the 5万 floor, about two thirds above 10万 and a fifth above 20万) and 2023–2025 targets from the
three-year plan. A test checks that the shipped file equals what this script writes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TOWNS = [  # (name, villages, share of communities)
    ("青山镇", 18, 0.0), ("河口镇", 16, 0.1), ("柳林镇", 17, 0.0), ("石桥镇", 15, 0.1), ("双龙镇", 14, 0.0),
    ("北岭镇", 16, 0.0), ("东城街道", 12, 0.7), ("西城街道", 13, 0.7), ("南湖街道", 14, 0.5), ("白云街道", 15, 0.4),
]
SYLLABLES = ("安宝长春大东丰福高古广和红华建金锦康乐联龙民南平前清庆荣瑞"
             "三山胜石双顺泰桃田同万王西先祥新兴阳永玉裕云枣张中")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌玉兰海波宁辉"
HEADERS = ["序号", "镇街", "村社区", "类型", "编码", "2021年集体经济收入(万元)", "2022年集体经济收入(万元)",
           "2023年目标(万元)", "2024年目标(万元)", "2025年目标(万元)", "书记", "手机", "状态"]


def roster_rows(seed: int = 2022) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    used: set[str] = set()
    for t, (town, count, community_share) in enumerate(TOWNS, start=1):
        for n in range(1, count + 1):
            while True:
                stem = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
                if stem not in used:
                    used.add(stem)
                    break
            community = rng.random() < community_share
            name = stem + ("社区" if community else "村")
            income_2022 = max(5.3, round(rng.lognormvariate(2.55, 0.55), 2))  # 万元, median ≈ 12.8万
            income_2021 = max(5.0, round(income_2022 / rng.uniform(1.02, 1.30), 2))
            targets = [round(income_2022 * f, 1) for f in (1.10, 1.20, 1.32)]
            secretary = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            mobile = f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}"
            rows.append([len(rows) + 1, town, name, "社区" if community else "村", f"3301{t:02d}{n:03d}",
                         income_2021, income_2022, *targets, secretary, mobile, "正常"])
    return rows


def write(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(HEADERS)
    for row in roster_rows():
        ws.append(row)
    for col, width in zip("ABCDEFGHIJKLM", (6, 10, 12, 6, 12, 14, 14, 12, 12, 12, 8, 14, 6), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("roster.xlsx")))
