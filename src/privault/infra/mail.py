"""The mail interface and its SMTP implementation."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from privault.domain.errors import ConfigurationError

TIMEOUT_SECONDS = 15


class Mailer(Protocol):
    def send(self, to: str, subject: str, text: str) -> None: ...


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, *, starttls: bool = False) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.starttls = starttls

    def send(self, to: str, subject: str, text: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(text)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # The class name only: the server's reply may quote the recipient's address.
            raise ConfigurationError(
                f"the mail server {self.host}:{self.port} did not take the message "
                f"({type(exc).__name__}); check PRIVAULT_SMTP_HOST, PRIVAULT_SMTP_PORT and "
                "PRIVAULT_SMTP_STARTTLS"
            ) from None
