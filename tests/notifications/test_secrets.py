"""No secret from a configured channel URL appears in captured logs, the delivery report, the ledger or the
sweep's artifact — only apprise's masked URLs."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from domain.outbox.queue import Outgoing
from tests.notifications.conftest import at

pytestmark = pytest.mark.e2e
SECRETS = ("S3cretPassw0rd", "SECd1ngSecretValue", "tokDING0123456789", "wecomKEYabcdef0123456789")


def ledger_text(url: str) -> str:
    from models.db import session_scope

    with session_scope(url) as s:
        tables = ("outboxmessage", "outboxdelivery", "auditevent", "issueevent")
        return "\n".join(str(row) for t in tables for row in s.execute(sa.text(f"SELECT * FROM {t}")))


def test_no_secret_in_logs_reports_ledger_or_artifact(outbox, sink, caplog):
    from domain.calendar.workdays import load_calendar
    from domain.issues.sweep import run_sweep, sweep_table
    from models.db import session_scope

    caplog.set_level(logging.DEBUG)
    sink.fail_first = 1
    outbox.queue(Outgoing("town:T01", "note:1", "note", "2022-10-12", {"text": "测试"}), when=at(2022, 10, 12, 9))
    channels = {
        "hook": (sink.url("hook", userinfo=f"dudao:{SECRETS[0]}@"), ["town:*"]),
        "ding": (f"dingtalk://{SECRETS[1]}@{SECRETS[2]}", ["town:*"]),  # no internet: a connection error
        "wecom": (f"wecombot://{SECRETS[3]}", ["town:*"]),
    }
    d = outbox.dispatcher(channels, ding={"timeout_s": 2.0}, wecom={"timeout_s": 2.0})
    reports = [d.deliver(at(2022, 10, 12, 9, 5)), d.deliver(at(2022, 10, 13, 9, 5))]
    with session_scope(outbox.url) as s:
        artifact = sweep_table(run_sweep(s, outbox.cfg, load_calendar(s), at(2022, 10, 13, 9)), delivered=1, failed=0)
    assert len(sink.posts) == 1  # the json:// channel failed once, then delivered
    assert reports[0].channels["hook"].errors and reports[0].channels["ding"].errors  # failures were reported …
    assert reports[0].channels["hook"].url == f"json://127.0.0.1:{sink.port}"  # name, scheme and host only
    assert reports[0].channels["ding"].url == "dingtalk://oapi.dingtalk.com"
    texts = {"logs": caplog.text, "reports": repr(reports), "ledger": ledger_text(outbox.url),
             "artifact": repr(artifact)}
    assert "Connection error" in caplog.text  # … and logged
    for where, text in texts.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into the {where}"


TOKENS = {"password": "PassTok3nPw1", "user": "UserTok3nUs2", "path": "PathTok3nPa3", "query": "QueryTok3nQu4",
          "-param": "ParamTok3nPm5", "+header": "HeadTok3nHd6", "typo": "TypoTok3nTy7", "mail": "MailTok3nPw8"}


def test_tokens_in_every_url_position_never_reach_cli_output_logs_or_the_ledger(cli, sink, caplog, monkeypatch):
    """Channel URLs with a token as password, user, path segment, query value, `-param` and `+header`, and a
    mistyped scheme: `config check`, `notify test|deliver|outbox`, `issues sweep` print name, scheme and host
    only; apprise's own log lines do not carry a URL; config check refuses the URL apprise cannot parse."""
    import json

    from config.settings import get_settings
    from tests.conftest import EXAMPLES

    caplog.set_level(logging.DEBUG)
    t = TOKENS
    base = f"127.0.0.1:{sink.port}"
    monkeypatch.setenv("DUDAO_CHANNELS__TOWN_GROUPS", f"json://dudao:{t['password']}@{base}/towns/{t['path']}"
                                                      f"?token={t['query']}&-token={t['-param']}"
                                                      f"&+X-Token={t['+header']}")
    monkeypatch.setenv("DUDAO_CHANNELS__VILLAGE_GROUPS", f"json://{t['user']}@{base}/villages")
    monkeypatch.setenv("DUDAO_CHANNELS__TEAM_GROUPS", f"https//oapi.dingtalk.com/robot/send?access_token={t['typo']}")
    monkeypatch.setenv("DUDAO_CHANNELS__LEADERSHIP_MAIL", f"mailto://dudao:{t['mail']}@127.0.0.1:25?from=not-an-email")
    get_settings.cache_clear()
    sink.fail_first = 1
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    refused = cli("config", "check", code=1)  # apprise's reason, not the URL
    assert "渠道 team-groups" in refused.error and "Unsupported URL" in refused.error
    assert "渠道 leadership-mail" in refused.error and "Invalid ~From~ email" in refused.error
    monkeypatch.delenv("DUDAO_CHANNELS__TEAM_GROUPS")
    monkeypatch.delenv("DUDAO_CHANNELS__LEADERSHIP_MAIL")
    get_settings.cache_clear()
    checked = cli("config", "check")
    assert f"json://{base}" in checked.output
    cli("issues", "open", "--title", "台账不全", "--village", "330101001", "--deadline", "2022-09-30",
        "--as-of", "2022-09-20")
    outputs = [refused.error, checked.output, cli("config", "check", "--json").output,
               cli("issues", "sweep", "--as-of", "2022-10-12T09:00").output,  # the 500: an error in the table
               cli("issues", "sweep", "--as-of", "2022-10-13T09:00", "--json").output,
               cli("notify", "deliver", "--at", "2022-10-14T09:00").output,
               cli("notify", "outbox").output, cli("notify", "outbox", "--json").output,
               cli("notify", "test", "town:T02").output, cli("notify", "test", "village:330101001").output]
    probe = cli("notify", "test", "town:T03", "--json")
    outputs.append(probe.output)  # stdout and stderr
    assert len(sink.posts) >= 3 and any("error=500" in text or "500" in text for text in outputs)
    shown = json.loads(probe.stdout)["channels"]["town-groups"]
    assert shown["url"] == f"json://{base}" and shown["ok"]  # a channel is shown as scheme and host
    monkeypatch.setenv("DUDAO_CHANNELS__TEAM_GROUPS", f"https//oapi.dingtalk.com/robot/send?access_token={t['typo']}")
    get_settings.cache_clear()
    outputs.append(cli("notify", "test", "team:team-1", code=1).output)  # apprise cannot use it: said, not shown
    texts = {"cli": "\n".join(outputs), "logs": caplog.text, "ledger": ledger_text(get_settings().db_url)}
    for where, text in texts.items():
        for position, token in TOKENS.items():
            assert token not in text, f"the {position} token leaked into the {where}"
