"""Serve the review workbench: callqa serve [--host H] [--port P] [--db URL] [--media DIR] [--secure-cookies]."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

NAME = "serve"
log = logging.getLogger("callqa.progress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default loopback only)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--db", help="database URL")
    parser.add_argument("--media", type=Path,
                        help="folder of redacted recordings (default CALLQA_MEDIA_DIR or .callqa/media)")
    parser.add_argument("--secure-cookies", action="store_true",
                        help="send the session cookie over HTTPS only (behind a TLS proxy)")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    import uvicorn

    from callqa.config import db_url, web_settings
    from callqa.web import create_app
    from storage.db import migrate

    url = db_url(args.db)
    migrate(url)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: reachable from the network; use TLS and --secure-cookies", args.host)
    settings = web_settings(secure_cookies=args.secure_cookies)
    if args.media is not None:
        settings = replace(settings, media_dir=args.media)
    if not settings.media_dir.is_dir():
        log.warning("no redacted recordings in %s: call pages will show 无录音 (set --media or CALLQA_MEDIA_DIR)",
                    settings.media_dir)
    app = create_app(url, settings)
    log.info("review workbench on http://%s:%d/", args.host, args.port)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    return 0
