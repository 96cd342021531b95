"""`dudao issues …` and `dudao notify …` as a coordinator runs them."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLES


@pytest.fixture
def ready(cli):
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return cli


def opened(cli, *args) -> int:
    return json.loads(cli("issues", "open", "--json", *args).output)["id"]


def test_open_update_verify_extend_show_list(ready):
    cli = ready
    a = opened(cli, "--title", "村集体资产台账不全", "--village", "330101001", "--category", "资产管理",
               "--deadline", "2022-09-30", "--as-of", "2022-09-20", "--by", "林春燕")
    b = opened(cli, "--title", "合同未备案", "--village", "330102001", "--due-days", "5", "--as-of", "2022-09-26")
    cli("issues", "update", a, "--action", "start", "--note", "已部署", "--as-of", "2022-09-21", "--by", "顺乐村")
    cli("issues", "update", a, "--action", "submit", "--submitted-on", "2022-09-29", "--as-of", "2022-10-10")
    out = cli("issues", "verify", a, "--pass", "--income", "50000", "--as-of", "2022-10-11", "--by", "林春燕").output
    assert "按期销号" in out
    cli("issues", "extend", b, "--to", "2022-10-14", "--reason", "等待审批", "--as-of", "2022-09-29")
    cli("issues", "extend", b, "--approve", "--as-of", "2022-09-30", "--by", "林春燕")
    shown = json.loads(cli("issues", "show", a, "--json").output)
    assert shown["issue"]["status"] == "closed" and shown["issue"]["closed_on_time"] is True
    assert shown["issue"]["income_added_yuan"] == 50000
    assert [(h["action"], h["actor"]) for h in shown["history"]] == [
        ("open", "林春燕"), ("start", "顺乐村"), ("submit", "区委组织部"), ("pass", "林春燕"), ("edit", "林春燕")]
    assert "整改历程" in cli("issues", "show", a).output
    listed = json.loads(cli("issues", "list", "--json", "--as-of", "2022-10-12").output)
    assert [(r["id"], r["status"], r["light"], r["deadline"]) for r in listed] == [
        (a, "closed", None, "2022-09-30"), (b, "open", "yellow", "2022-10-14")]
    assert [r["id"] for r in json.loads(cli("issues", "list", "--json", "--town", "河口镇").output)] == [b]
    assert json.loads(cli("issues", "list", "--json", "--light", "red", "--as-of", "2022-10-12").output) == []
    assert [r["id"] for r in json.loads(cli("issues", "list", "--json", "--status", "已销号").output)] == [a]


def test_mistakes_end_in_a_clear_message(ready):
    cli = ready
    a = opened(cli, "--title", "问题", "--village", "330101001")
    illegal = cli("issues", "update", a, "--action", "submit", code=1)
    assert "不能提交整改" in illegal.error and "start（开始整改）" in illegal.error
    assert "不是工作日" in cli("issues", "open", "--title", "x", "--village", "330101001",
                                      "--deadline", "2026-10-05", "--as-of", "2026-09-28", code=1).error
    assert "没有这个问题" in cli("issues", "show", "999", code=1).error
    assert "--light" in cli("issues", "list", "--light", "purple", code=1).error
    assert "verify" in cli("issues", "update", a, "--action", "pass", code=1).error
    assert "没有这个文件" in cli("issues", "update", a, "--action", "start", "--evidence", "/nope.jpg",
                                 code=1).error


def test_export_and_import_round_trip_all_or_nothing(ready, tmp_path):
    cli = ready
    a = opened(cli, "--title", "台账不全", "--village", "330101001", "--deadline", "2022-10-14", "--as-of",
               "2022-09-26")
    b = opened(cli, "--title", "合同未备案", "--village", "330102001", "--deadline", "2022-10-14", "--as-of",
               "2022-09-26")
    cli("issues", "update", b, "--action", "start", "--as-of", "2022-09-27")
    sheet = tmp_path / "台账.xlsx"
    cli("issues", "export", "--out", sheet, "--as-of", "2022-10-12")
    wb = load_workbook(sheet)
    ws = wb.active
    headers = [c.value for c in ws[1]]
    assert ws.page_setup.orientation == "landscape" and ws.freeze_panes == "A2"
    col = {h: i + 1 for i, h in enumerate(headers)}
    assert [ws.cell(r, col["灯"]).value for r in (2, 3)] == ["黄灯", "黄灯"]
    assert "交办" in ws.cell(3, col["整改历程"]).value and "开始整改" in ws.cell(3, col["整改历程"]).value
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"jpg")
    ws.cell(3, col["状态"]).value = "待验收"
    ws.cell(3, col["提交整改日期"]).value = "2022-10-11"
    ws.cell(3, col["证明材料"]).value = photo.name
    ws.cell(3, col["说明"]).value = "已完成备案"
    ws.append({col["问题"]: "新发现：公开栏未更新", col["镇街"]: "青山镇", col["村社区编码"]: "330101002",
               col["类别"]: "财务管理", col["整改期限"]: "2022-10-21"})
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad_wb = load_workbook(good)
    bad_wb.active.cell(2, col["状态"]).value = "已完成"  # not a status
    bad_wb.active.cell(4, col["类别"]).value = "不存在"
    bad = tmp_path / "bad.xlsx"
    bad_wb.save(bad)
    failed = cli("issues", "import", bad, "--as-of", "2022-10-12", code=1)
    assert "row 2: 状态" in failed.error and "row 4: category" in failed.error
    assert len(json.loads(cli("issues", "list", "--json").output)) == 2  # nothing written
    report = json.loads(cli("issues", "import", good, "--as-of", "2022-10-12", "--json").output)
    assert report["changed"] == {str(b): ["submit"]} and report["unchanged"] == 1 and len(report["opened"]) == 1
    shown = json.loads(cli("issues", "show", b, "--json").output)
    assert shown["issue"]["status"] == "awaiting_verification" and shown["issue"]["submitted"] == "2022-10-11"
    assert shown["history"][-1]["note"] == "已完成备案" and shown["history"][-1]["evidence"][0].endswith("整改照片.jpg")
    assert a not in report["changed"]


def test_sweep_deliver_outbox_retry_and_test_through_a_local_sink(ready, monkeypatch):
    from config.settings import get_settings
    from tests.notifications.sink import Sink

    sink = Sink(fail_first=1).start()
    secret = "T0wnGr0upSecret"
    try:
        monkeypatch.setenv("DUDAO_CHANNELS__TOWN_GROUPS", sink.url("towns", userinfo=f"bot:{secret}@"))
        get_settings.cache_clear()
        cli = ready
        opened(cli, "--title", "台账不全", "--village", "330101001", "--deadline", "2022-09-30", "--as-of",
               "2022-09-20")
        first = cli("issues", "sweep", "--as-of", "2022-10-12T09:00")
        assert "问题到期检查" in first.output and "合计" in first.output
        data = json.loads(cli("issues", "sweep", "--as-of", "2022-10-12T09:05", "--json").output)  # backoff
        assert data["queued"] == {} and data["delivery"]["channels"]["town-groups"]["posts"] == 0
        outbox = json.loads(cli("notify", "outbox", "--json").output)
        town_row = next(r for r in outbox if r["recipient"] == "town:T01")
        assert town_row["channels"] == {"town-groups": "pending"} and "500" in (town_row["last_error"] or "")
        cli("notify", "deliver", "--at", "2022-10-13T09:00")
        assert [p.title for p in sink.posts] == ["督导提醒｜青山镇｜10月13日（共1项）"]
        assert json.loads(cli("notify", "outbox", "--json", "--status", "failed").output) == []
        assert "只有发送失败或已取消的消息可以重试" in cli("notify", "retry", town_row["id"], code=1).error
        tested = cli("notify", "test", "town:T02")
        assert "成功 town-groups" in tested.output and sink.posts[-1].title == "督导测试消息｜河口镇"
        assert "没有渠道服务此对象" in cli("notify", "test", "department:finance", code=1).error
        outputs = [first.output, json.dumps(data), json.dumps(outbox), tested.output,
                   cli("notify", "outbox").output, cli("config", "check").output]
        assert all(secret not in text for text in outputs)
        assert f"json://127.0.0.1:{sink.port}" in tested.output  # a channel is shown as scheme and host
    finally:
        sink.stop()
