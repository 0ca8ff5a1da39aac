"""Marketing email over SMTP: 广告 subject, the List-Unsubscribe and List-Unsubscribe-Post
headers of RFC 8058, and a DKIM signature (dkimpy) that covers both headers, so a receiving
server can trust the one-click link came from the shop."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from privault.infra.senders import Outcome, Outgoing, Receipt, unanswered

TIMEOUT_SECONDS = 30
# Long lines allowed (RFC 5322's 998): a folded unsubscribe link would otherwise be RFC 2047
# encoded, and a mail client could no longer read it as a URL. CRLF, as it goes on the wire.
WIRE = policy.default.clone(max_line_length=998, linesep="\r\n")
SIGNED_HEADERS = (
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
)


@dataclass(frozen=True)
class DkimKey:
    domain: str
    selector: str
    private_key: bytes  # PEM


class SmtpCampaignMailer:
    # SMTP knows no idempotency key: a message whose answer was lost is for a person to decide.
    keeps_idempotency_keys = False

    def __init__(
        self, host: str, port: int, sender: str, dkim_key: DkimKey, *, starttls: bool = False
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.dkim_key = dkim_key
        self.starttls = starttls

    def send_batch(self, batch: Sequence[Outgoing]) -> list[Receipt]:
        """One connection per batch; a message refused is failed, one whose answer never came
        is lost, and those after a broken connection were never sent."""
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        except OSError:
            return unanswered(batch, Outcome.NOT_SENT)
        receipts: list[Receipt] = []
        with smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            for index, message in enumerate(batch):
                outcome = self._one(smtp, message)
                receipts.append(Receipt(message.key, outcome[0], error=outcome[1]))
                if outcome[0] is Outcome.LOST:
                    return receipts + unanswered(batch[index + 1 :], Outcome.NOT_SENT)
        return receipts

    def _one(self, smtp: smtplib.SMTP, message: Outgoing) -> tuple[Outcome, str]:
        try:
            smtp.sendmail(self.sender, [message.to], self.signed(message))
        except smtplib.SMTPRecipientsRefused:
            return Outcome.FAILED, "recipient_refused"
        except smtplib.SMTPResponseException as error:
            return Outcome.FAILED, f"smtp_{error.smtp_code}"
        except (OSError, smtplib.SMTPException):
            return Outcome.LOST, ""
        return Outcome.SENT, ""

    def signed(self, message: Outgoing) -> bytes:
        mail = EmailMessage(policy=WIRE)
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=self.dkim_key.domain)
        mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(f"{message.body}\n\n退订 / Unsubscribe: {message.unsubscribe_url}\n")
        raw = mail.as_bytes()
        # Imported here: dkimpy pulls in a DNS resolver, which every `privault` run would load.
        import dkim

        signature = dkim.sign(
            raw,
            self.dkim_key.selector.encode(),
            self.dkim_key.domain.encode(),
            self.dkim_key.private_key,
            include_headers=list(SIGNED_HEADERS),
        )
        return bytes(signature) + raw
