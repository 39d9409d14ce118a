"""The alert routing file: what loads, and errors that say file:line, the field, what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.alerts.formats import dingtalk, feishu, wecom
from callqa.alerts.routing import catch_all, combined, load_routing
from common.errors import ConfigError

GOOD = """\
link_base: https://qa.example.com
smtp: {host: 127.0.0.1, port: 2525, sender: callqa@example.com}
routes:
  - name: 信用卡主管
    queues: [信用卡]
    events: [red, fatal, overdue]
    webhooks:
      - {format: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}
    email: [zhou@example.com]
  - name: 贷款
    agents: [A1001]
    webhooks: [{format: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret: s}]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "alerts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_and_routes_match(tmp_path: Path) -> None:
    routing = load_routing(_write(tmp_path, GOOD))
    card, loans = routing.routes
    assert card.matches("信用卡", "A9", "overdue") and not card.matches("贷款", "A9", "red")
    assert loans.matches("任意", "A1001", "fatal") and not loans.matches("任意", "A1001", "overdue")
    assert not loans.matches("任意", "A2002", "red")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("format: wecom", "format: slack", "alerts.yaml:8: routes.0.webhooks.0.format: Input should be 'wecom', "
                                       "'dingtalk' or 'feishu' (use one of wecom, dingtalk, feishu)"),
    ("events: [red, fatal, overdue]", "events: [red, late]", "alerts.yaml:6: routes.0.events.1: Input should be "
                                                            "'red', 'fatal' or 'overdue' (use some of red, fatal, "
                                                            "overdue)"),
    ("    queues: [信用卡]", "    queue: [信用卡]", "alerts.yaml:5: routes.0.queue: Extra inputs are not permitted"),
    ('url: "https://qyapi', 'url: "ftp://qyapi', "alerts.yaml:8: routes.0.webhooks.0.url: String should match"),
    ("smtp: {host: 127.0.0.1, port: 2525, sender: callqa@example.com}\n", "",
     "alerts.yaml:1: (top level): Value error, routes send e-mail but there is no smtp section"),
    ("  - name: 贷款", "  - name: 信用卡主管", "alerts.yaml:1: (top level): Value error, route names must be unique"),
    ("    agents: [A1001]\n", "    agents: [A1001]\n    agents: [A1002]\n",
     "alerts.yaml:12: duplicate key 'agents' (keep one)"),
])
def test_errors_say_where_and_what(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(ConfigError) as err:
        load_routing(_write(tmp_path, GOOD.replace(old, new)))
    assert err.value.message.removeprefix(str(tmp_path) + "/").startswith(message), err.value.message


def test_catch_all_and_combined(tmp_path: Path) -> None:
    only = catch_all("http://127.0.0.1:9/hook", "dingtalk", "http://x")
    assert only.routes[0].name == "default" and only.routes[0].events == ("red", "fatal")
    with pytest.raises(ConfigError, match="CALLQA_ALERT_FORMAT: 'slack' is not one of wecom, dingtalk, feishu"):
        catch_all("http://127.0.0.1:9/hook", "slack", "http://x")
    both = combined(_write(tmp_path, GOOD), "http://127.0.0.1:9/hook", "wecom", "http://ignored")
    assert both is not None and [r.name for r in both.routes] == ["信用卡主管", "贷款", "default"]
    assert both.link_base == "https://qa.example.com" and combined(None, None, "wecom", "x") is None


def test_documented_message_formats() -> None:
    assert wecom("u", "T", "x", None, 0).body == {"msgtype": "markdown", "markdown": {"content": "**T**\nx"}}
    ding = dingtalk("https://oapi.dingtalk.com/robot/send?access_token=a", "T", "x", "SEC", 1700000000.0)
    assert ding.url.startswith("https://oapi.dingtalk.com/robot/send?access_token=a&timestamp=1700000000000&sign=")
    assert ding.body == {"msgtype": "markdown", "markdown": {"title": "T", "text": "### T\nx"}}
    fei = feishu("u", "T", "x", "SEC", 1700000000.0)
    assert fei.body["msg_type"] == "text" and fei.body["content"] == {"text": "T\nx"}
    assert fei.body["timestamp"] == "1700000000" and len(fei.body["sign"]) == 44
