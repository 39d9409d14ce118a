"""The alert routing file (YAML): which review items go to which robot webhooks and e-mail addresses.

```yaml
link_base: https://callqa.example.com      # links in messages point at {link_base}/calls/{item}
smtp: {host: smtp.example.com, port: 25, sender: callqa@example.com, starttls: false}
routes:
  - name: 信用卡主管
    queues: [信用卡]                        # optional: omitted = every queue
    agents: [A1001, A1002]                 # optional: a team, by agent id
    events: [red, fatal, overdue]
    webhooks: [{format: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}]
    email: [zhou@example.com]
```
Every error names file:line, the field, what is allowed and how to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from callqa.alerts.formats import FORMATS
from common.errors import ConfigError
from common.yamlpos import DuplicateKeyError, line_of, load_with_lines
from storage.alert_outbox import ALERT_EVENTS

Event = Literal["red", "fatal", "overdue"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Webhook(Strict):
    format: Literal["wecom", "dingtalk", "feishu"]
    url: str = Field(pattern=r"^https?://")
    secret: str | None = None
    """DingTalk / Feishu signing secret (加签), if the robot has one."""


class Smtp(Strict):
    host: str
    port: int = 25
    sender: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None


class Route(Strict):
    name: str = Field(min_length=1, max_length=60, pattern=r"^[^/]+$")
    queues: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    events: tuple[Event, ...] = ("red", "fatal")
    webhooks: tuple[Webhook, ...] = ()
    email: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_destination(self) -> Route:
        if not self.webhooks and not self.email:
            raise ValueError("a route needs at least one of webhooks, email")
        return self

    def matches(self, queue: str | None, agent: str | None, event: str) -> bool:
        return (event in self.events and (not self.queues or queue in self.queues)
                and (not self.agents or agent in self.agents))


class Routing(Strict):
    link_base: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://")
    smtp: Smtp | None = None
    routes: tuple[Route, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Routing:
        names = [r.name for r in self.routes]
        if len(names) != len(set(names)):
            raise ValueError("route names must be unique")
        if any(r.email for r in self.routes) and self.smtp is None:
            raise ValueError("routes send e-mail but there is no smtp section")
        return self


def load_routing(path: Path) -> Routing:
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except DuplicateKeyError as err:
        raise ConfigError(f"{path}:{err.line}", f"duplicate key {err.key!r}", "keep one") from None
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(str(path), f"cannot read the alert routing file: {type(err).__name__}",
                          "check the path and the YAML syntax") from None
    try:
        return Routing.model_validate(data or {})
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise ConfigError(f"{path}:{line_of(lines, loc)}", f"{field}: {first['msg']}", _fix(loc)) from None


def _fix(loc: tuple[object, ...]) -> str:
    last = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    hints = {"format": f"use one of {', '.join(FORMATS)}", "events": f"use some of {', '.join(ALERT_EVENTS)}",
             "url": "use the robot's full http(s) webhook address"}
    return hints.get(last, "allowed fields: link_base, smtp, routes[name, queues, agents, events, webhooks, email]")


def catch_all(url: str, fmt: str, link_base: str) -> Routing:
    """``CALLQA_ALERT_WEBHOOK`` alone: one route for every red or fatal item."""
    if fmt not in FORMATS:
        raise ConfigError("CALLQA_ALERT_FORMAT", f"{fmt!r} is not one of {', '.join(FORMATS)}",
                          "unset it for wecom or pick another")
    try:
        hook = Webhook.model_validate({"format": fmt, "url": url})
    except ValidationError:
        raise ConfigError("CALLQA_ALERT_WEBHOOK", "not an http(s) URL", "use the robot's webhook address") from None
    return Routing(link_base=link_base, routes=(Route(name="default", webhooks=(hook,)),))


def combined(routes_file: Path | None, webhook: str | None, fmt: str, link_base: str) -> Routing | None:
    """The routing file's routes plus the catch-all webhook's; None when neither is configured."""
    file_routing = load_routing(routes_file) if routes_file else None
    extra = catch_all(webhook, fmt, file_routing.link_base if file_routing else link_base) if webhook else None
    if file_routing is None or extra is None:
        return file_routing or extra
    if any(r.name == "default" for r in file_routing.routes):
        raise ConfigError(str(routes_file), "route name 'default' is taken by CALLQA_ALERT_WEBHOOK",
                          "rename that route")
    return file_routing.model_copy(update={"routes": (*file_routing.routes, *extra.routes)})
