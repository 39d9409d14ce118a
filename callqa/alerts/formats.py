"""Robot webhook message formats, one function each, in one explicit registry.

Each follows its vendor's documented custom-robot JSON: WeCom 群机器人 ``msgtype: markdown``; DingTalk 自定义机器人
``msgtype: markdown`` (``title`` + ``text``; 加签: ``timestamp`` and ``sign`` query parameters); Feishu 自定义机器人
``msg_type: text`` (签名校验: ``timestamp`` and ``sign`` in the body). ``accepted`` reads each one's reply.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outgoing:
    url: str
    body: dict[str, Any]


def wecom(url: str, title: str, text: str, secret: str | None, now_s: float) -> Outgoing:
    del secret, now_s  # WeCom group robots authenticate by the key in the URL
    return Outgoing(url, {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}})


def dingtalk(url: str, title: str, text: str, secret: str | None, now_s: float) -> Outgoing:
    if secret:
        stamp = str(int(now_s * 1000))
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
        url = f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"
    return Outgoing(url, {"msgtype": "markdown", "markdown": {"title": title, "text": f"### {title}\n{text}"}})


def feishu(url: str, title: str, text: str, secret: str | None, now_s: float) -> Outgoing:
    body: dict[str, Any] = {"msg_type": "text", "content": {"text": f"{title}\n{text}"}}
    if secret:
        stamp = str(int(now_s))
        digest = hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        body |= {"timestamp": stamp, "sign": base64.b64encode(digest).decode()}
    return Outgoing(url, body)


def accepted(fmt: str, reply: dict[str, Any]) -> bool:
    """WeCom and DingTalk answer ``errcode: 0``; Feishu ``code: 0`` (older robots ``StatusCode: 0``)."""
    if fmt == "feishu":
        return reply.get("code", reply.get("StatusCode")) == 0
    return reply.get("errcode") == 0


FORMATS: dict[str, Callable[[str, str, str, str | None, float], Outgoing]] = {
    "wecom": wecom,
    "dingtalk": dingtalk,
    "feishu": feishu,
}
