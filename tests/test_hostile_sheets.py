"""Every importer fed generated hostile sheets (issue 15, "Done when"): sizes, types, encodings, control
characters, formulas, huge numbers, dates out of range, duplicated headers and rows. Each ends in exit 0 or 1
with a message — never a traceback — and a refused import leaves the ledger byte for byte as it was."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES

VILLAGES = ["330101001", "330101002", "330102001"]
HEADERS = {
    "roster": ["镇街", "村社区", "类型", "编码", "2022年集体经济收入(万元)", "2023年目标(元)", "书记", "手机", "状态"],
    "issues": ["编号", "来源", "镇街", "村社区编码", "问题", "类别", "严重程度", "整改期限", "状态", "提交整改日期",
               "增收(元)", "说明", "证明材料"],
    "meetings": ["会议日期", "会议类型", "会议名称", "事项", "问题编号", "村(社区)编码", "问题", "整改期限(工作日)",
                 "增收(元)", "参会单位"],
    "visits": ["轮次", "督导组", "镇街", "村社区编码", "村社区", "督查日期", "有逾期问题", "督查方式", "得分",
               "未走访原因", "发现问题", "责任单位", "问题类别", "整改时限(工作日)"],
    "campaign": ["镇街", "村（社区）编码", "村（社区）", "节点", "事项", "截止日期", "完成日期", "佐证材料"],
}
COMMAND = {"roster": ["roster", "import"], "issues": ["issues", "import", "--by", "组织科"],
           "meetings": ["meetings", "import", "--by", "组织科"], "visits": ["visits", "import", "--by", "组织科"],
           "campaign": ["campaign", "import", "--by", "组织科"]}

plausible = st.sampled_from(["青山镇", "河口镇", "顺乐村", *VILLAGES, "R2022-10-10", "team-1", "第一督导组",
                             "2022-10-12", "2022/10/8", "2022年10月8日", "实地查看", "座谈了解", "90", "5", "交办",
                             "已销号", "待验收", "提出", "销号", "联席会议", "每周例会", "项目开工", "正常", "村",
                             "社区", "13900000101", "1", "12.5", ""])
hostile = st.one_of(
    st.text(max_size=30),  # anything, control characters and lone surrogates included
    st.sampled_from(["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "²", "1e15",
                     "inf", "-inf", "nan", "NaN", "-1", "0", "2.9", "99999999999999999999999", "0001-01-01",
                     "9999-12-31", "2022-02-30", "2022-10-12 junk", "1900-01-01", "\x00", "a\x01b", "\u202e", "\ufeff",
                     "村" * 300, " ", "\t", "\r\n", "、,，;；", "../../../../etc/passwd", "/dev/null", ".", "证明/",
                     "department:nope", "village:", "town:*"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
cell = st.one_of(plausible, hostile)

# the refusal is checked on the SQLite file's bytes: a PostgreSQL ledger has no file to compare
pytestmark = pytest.mark.sqlite_only


@st.composite
def sheets(draw, kind: str):
    """A header (the importer's own, shuffled, with duplicates or strangers) and rows, possibly repeated."""
    headers = list(HEADERS[kind])
    headers = draw(st.permutations(headers)) if draw(st.booleans()) else headers
    headers = headers[:draw(st.integers(min_value=1, max_value=len(headers)))] if draw(st.booleans()) else headers
    if draw(st.integers(0, 4)) == 0:
        headers.append(draw(st.sampled_from([*headers, "人口", "", "=1+1", "增收（元）", "整改期限（工作日）"])))
    rows = draw(st.lists(st.lists(cell, min_size=len(headers), max_size=len(headers) + 2), max_size=6))
    if rows and draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))  # a duplicated row
    return [headers, *rows]


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def write_sheet(path: Path, grid: list[list[object]], form: str) -> Path:
    """The grid as a file of the given form: csv in an encoding, a real .xlsx, or bytes that are neither."""
    if form == "garbage":
        path = path.with_suffix(".xlsx")
        path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 3)
        return path
    if form == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        path = path.with_suffix(".xlsx")
        wb = Workbook()
        ws = wb.active
        for row in grid:
            out = []
            for v in row:
                if isinstance(v, str):
                    v = ILLEGAL_CHARACTERS_RE.sub("", v.encode("utf-8", "replace").decode("utf-8"))
                elif isinstance(v, date) and not 1900 <= v.year <= 9999:
                    v = v.isoformat()
                elif isinstance(v, date):
                    v = datetime(v.year, v.month, v.day)
                elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53:
                    v = str(v)
                out.append(v)
            ws.append(out)
        wb.save(path)
        return path
    path = path.with_suffix(".csv")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[_text(v) for v in row] for row in grid])
    encoding = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-gbk": "gb18030", "csv-utf16": "utf-16"}[form]
    path.write_bytes(buffer.getvalue().encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace"))
    return path


def ledger_digest(home: Path) -> str:
    from models.db import dispose_engines

    dispose_engines()
    return hashlib.sha256((home / "dudao.db").read_bytes()).hexdigest()


@pytest.fixture
def ledger(cli, home, example_cfg):
    """The example district with its roster, a planned round and a campaign, as the importers expect."""
    from domain.rounds import plan_round
    from domain.unit_of_work import unit_of_work
    from tests.rounds.conftest import OCCURRENCE, PLANNED_AT

    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    with unit_of_work(as_of=PLANNED_AT, actor="测试", config=example_cfg) as uow:
        plan_round(uow, OCCURRENCE)
    return home


FORMS = st.sampled_from(["xlsx", "csv-utf8", "csv-bom", "csv-gbk", "csv-utf16", "garbage"])


@pytest.mark.parametrize("kind", list(HEADERS))
def test_an_importer_never_crashes_and_a_refusal_writes_nothing(ledger, cli, tmp_path, kind):
    counter = iter(range(10**6))
    outcomes: list[int] = []

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(grid=sheets(kind), form=FORMS)
    def run(grid, form):
        path = write_sheet(tmp_path / f"{kind}-{next(counter)}", grid, form)
        before = ledger_digest(ledger)
        result = cli(*COMMAND[kind], path, code=None)  # a traceback fails the test (Cli re-raises it)
        assert result.exit_code in (0, 1), (result.exit_code, result.output, result.error)
        outcomes.append(result.exit_code)
        if result.exit_code == 1:
            assert result.error.strip(), result.output
            assert ledger_digest(ledger) == before, result.error

    run()
    assert 1 in outcomes  # hostile sheets were refused, not all waved through
