"""The TCP proxy the tests put between kiosks and the PostgreSQL server, to cut and heal.

The proxy itself ships with ``kiosk bench`` (its soak cuts kiosks off too), so it lives in
:mod:`kiosk.bench.tcp_proxy`; this module adds what tests need around it: a proxy in front of
a database URL, and the URL that goes through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url

from kiosk.bench.tcp_proxy import CutMode, TcpProxy

__all__ = ["CutMode", "TcpProxy", "proxied", "through"]


def through(proxy: TcpProxy, url: str) -> str:
    """``url`` with its host and port replaced by the proxy's."""
    return make_url(url).set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False)


@contextmanager
def proxied(url: str) -> Iterator[tuple[TcpProxy, str]]:
    """A running proxy in front of the server of ``url``, and the URL through it."""
    parsed = make_url(url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
    try:
        yield proxy, through(proxy, url)
    finally:
        proxy.stop()
