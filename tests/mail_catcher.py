"""A real SMTP server on loopback that keeps what it receives (the `smtp_server` fixture of
tests/conftest.py serves it to audience and browser tests alike)."""

from __future__ import annotations

import email
import socket
import threading
import time
from email import policy
from email.message import EmailMessage


class MailCatcher:
    """An aiosmtpd handler that keeps every accepted message, and can misbehave on cue.

    `defer_after`: answer 421 to every message after that many (the server refuses).
    `drop_after`: after that many, store the message, then hang up without answering
    (the server accepted it but the sender never hears so).
    `refuse`: recipients answered 550 (no such mailbox).
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.defer_after: int | None = None
        self.drop_after: int | None = None
        self.refuse: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            count = len(self.messages)
            if self.defer_after is not None and count >= self.defer_after:
                return "421 4.3.2 Service not available, closing transmission channel"
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            if self.drop_after is not None and count + 1 > self.drop_after:
                self.drop_after = None
                server.transport.close()
        return "250 2.0.0 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
