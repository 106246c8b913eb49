"""A kiosk of a hub in its own process, driven line by line over stdin/stdout.

``python -m tests.reliability.kiosk_child HUB_URL KIOSK_ID FOLDER AT [PROBE_S [UPLOAD_MS]]`` opens the
kiosk (its replica and outbox in FOLDER) with its clock at AT and answers one JSON line per
command line:

* ``scan CODE``: a check-in; the outcome, whether it was offline, the visitors admitted.
* ``sync``: upload the outbox and follow the hub (printing ``UPLOADED key`` per event first).
* ``headcount``: the sessions as the kiosk's replica counts them.
* ``status``: pending and held uploads, online or not.
* ``quit``.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import headcount
from kiosk.services.local_first import LocalFirstKiosk
from kiosk.store.engine import make_engine
from kiosk.store.outbox import OutboxEvent

READY = "READY"


def main(
    url: str, kiosk_id: str, folder: str, at: str, probe_s: str = "3600", upload_ms: str = "0"
) -> None:
    """Args: ``upload_ms`` slows each upload down, so a test can kill the kiosk mid-drain."""
    settings = Settings(hub_timeout_ms=500, hub_probe_s=int(probe_s))
    instant = datetime.fromisoformat(at)
    engine = make_engine(url, hub_budget_s=settings.hub_timeout_ms / 1000)
    clock = Clock.fixed(instant)
    route = LocalFirstKiosk(engine, settings, kiosk_id, now=clock.now, folder=Path(folder))
    env = ServiceEnv(engine, settings, clock, kiosk_id, route=route)
    print(READY, flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "scan":
            result = check_in(env, argument)
            answer: object = {
                "code": argument,
                "outcome": result.outcome.value,
                "offline": result.offline,
                "visitors": [v.seq for v in result.visitors] if result.admitted_ok else [],
            }
        elif command == "sync":

            def uploaded(event: OutboxEvent, _result: object) -> None:
                print(f"UPLOADED {event.key}", flush=True)
                time.sleep(int(upload_ms) / 1000)

            drained, _pulled = route.sync(uploaded)
            answer = drained.to_json()
        elif command == "headcount":
            counted = headcount(route.replica.engine, now=clock.now(), zone=settings.zone)
            answer = [s.to_json() for s in counted.sessions]
        elif command == "status":
            answer = route.status().to_json()
        elif command == "quit":
            break
        else:
            answer = {"error": f"unknown command {command!r}"}
        print(json.dumps(answer, default=str), flush=True)
    route.close()
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
