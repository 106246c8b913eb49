"""A TCP proxy between kiosks and their hub that can cut the network and heal it.

Two kinds of cut, because kiosks must survive both:

* ``close``: every connection is closed and new ones are closed at once (a server that
  restarts, a firewall that resets);
* ``blackhole``: connections stay open but nothing passes, and new ones are accepted and
  then ignored (a dead switch, a Wi-Fi that holds on). Timeouts on connect or on the
  server never fire here: only a client-side deadline notices.

``heal`` closes whatever the cut left hanging and forwards again. One thread serves every
connection through a selector, so the proxy costs next to nothing while it forwards.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from typing import Literal

CutMode = Literal["close", "blackhole"]
_BUFFER = 65536


class TcpProxy:
    """Forward ``127.0.0.1:<port>`` to ``upstream``; :meth:`cut` and :meth:`heal` at will."""

    def __init__(self, upstream_host: str, upstream_port: int, listen_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self._listener = socket.create_server((listen_host, 0))
        self._listener.setblocking(False)
        self.host = listen_host
        self.port: int = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._lock = threading.Lock()
        self._mode: Literal["open", "close", "blackhole"] = "open"
        self._peers: dict[socket.socket, socket.socket] = {}
        self._held: list[socket.socket] = []
        self._stopped = False
        self._thread = threading.Thread(target=self._serve, name="tcp-proxy", daemon=True)
        self.connections_made = 0

    def start(self) -> TcpProxy:
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_read, selectors.EVENT_READ, "wake")
        self._thread.start()
        return self

    @property
    def mode(self) -> str:
        return self._mode

    def cut(self, mode: CutMode = "blackhole") -> None:
        """Stop the traffic: close every connection, or hold them open and pass nothing."""
        with self._lock:
            self._mode = mode
        self._wake()

    def heal(self) -> None:
        """Forward again; connections left over from a cut are closed (their state is lost)."""
        with self._lock:
            self._mode = "open"
            self._drop_all()
        self._wake()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._wake()
        self._thread.join(timeout=5)
        with self._lock:
            self._drop_all()
        for sock in (self._listener, self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                sock.close()
        self._selector.close()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- the serving thread ----------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")

    def _serve(self) -> None:
        while True:
            with self._lock:
                if self._stopped:
                    return
                mode = self._mode
                if mode == "close":
                    self._drop_all()
                elif mode == "blackhole":
                    self._silence_all()
            for key, _events in self._selector.select(timeout=0.5):
                if key.data == "wake":
                    with contextlib.suppress(OSError):
                        self._wake_read.recv(_BUFFER)
                elif key.data == "accept":
                    self._accept()
                else:
                    self._forward(key.fileobj)  # type: ignore[arg-type]

    def _accept(self) -> None:
        try:
            client, _ = self._listener.accept()
        except (BlockingIOError, OSError):
            return
        with self._lock:
            mode = self._mode
        if mode == "close":
            client.close()
            return
        if mode == "blackhole":
            with self._lock:
                self._held.append(client)
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        for sock in (client, upstream):
            sock.setblocking(True)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._peers[client] = upstream
            self._peers[upstream] = client
            self.connections_made += 1
        self._selector.register(client, selectors.EVENT_READ, "pipe")
        self._selector.register(upstream, selectors.EVENT_READ, "pipe")

    def _forward(self, source: socket.socket) -> None:
        with self._lock:
            target = self._peers.get(source)
            mode = self._mode
        if target is None or mode != "open":
            return
        try:
            data = source.recv(_BUFFER)
            if data:
                target.sendall(data)
                return
        except OSError:
            pass
        with self._lock:
            self._close_pair(source)

    def _silence_all(self) -> None:
        """Blackhole: stop reading every connection (data piles up, nothing passes)."""
        for sock in list(self._peers):
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(sock)
            if sock not in self._held:
                self._held.append(sock)
        self._peers.clear()

    def _drop_all(self) -> None:
        for sock in list(self._peers) + self._held:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(sock)
            with contextlib.suppress(OSError):
                sock.close()
        self._peers.clear()
        self._held.clear()

    def _close_pair(self, sock: socket.socket) -> None:
        other = self._peers.pop(sock, None)
        for one in (sock, other):
            if one is None:
                continue
            self._peers.pop(one, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(one)
            with contextlib.suppress(OSError):
                one.close()
