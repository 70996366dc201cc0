"""A fake SMTP server on 127.0.0.1 for the tests: it speaks just enough SMTP for
``smtplib`` and keeps every message it receives, parsed.

The standard library's ``smtpd`` is deprecated (gone in Python 3.12) and
aiosmtpd is no dependency of the project; the mails really cross a socket, so
what the tests read is what a mail server would get.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    server: FakeSmtpServer

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 localhost fake SMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self._reply("250-localhost")
                self._reply("250-8BITMIME")
                self._reply("250 SMTPUTF8")
            elif verb == b"DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.received.append(self._data())
                self._reply("250 OK")
            elif verb == b"QUIT":
                self._reply("221 Bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self._reply("250 OK")

    def _data(self) -> EmailMessage:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return message_from_bytes(b"".join(lines), policy=policy.default)  # type: ignore[return-value]


class FakeSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[EmailMessage] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages delivered to ``address``, oldest first."""
        return [m for m in self.received if m["To"] == address]
