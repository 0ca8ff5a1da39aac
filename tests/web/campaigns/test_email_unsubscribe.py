"""Marketing email end to end: sent over SMTP to a real local server (aiosmtpd), DKIM-signed
over the List-Unsubscribe headers (verified with dkimpy), subject marked 广告, and the one-click
POST of RFC 8058, with no cookie or form token, withdrawing the email marketing consent."""

from __future__ import annotations

import base64
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.infra.campaign_mail import DkimKey, SmtpCampaignMailer
from privault.services.campaigns.delivery import deliver_campaign
from privault.services.campaigns.reports import campaign_report
from privault.services.vault import Vault
from privault.web.app import create_app
from tests import smtp_server
from tests.conftest import SHOP
from tests.factories import register
from tests.services.campaigns.campaign_setup import (
    MANAGER,
    MARKETING,
    approved,
    holds,
    sms_draft,
)
from tests.smtp_server import Inbox

smtp = smtp_server.smtp  # the local SMTP server, as a fixture of this module

SELECTOR, DOMAIN = "mk2026", "sanfeng.example.cn"


@pytest.fixture
def key_pair() -> tuple[bytes, bytes]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, public


def dns_record(public: bytes) -> Any:
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    def lookup(name: bytes, timeout: int = 5) -> bytes:
        return record if name == f"{SELECTOR}._domainkey.{DOMAIN}.".encode() else b""

    return lookup


@pytest.fixture
def mailing(vault: Vault, smtp: tuple[int, Inbox], key_pair: tuple[bytes, bytes]) -> Vault:
    vault.settings = vault.settings.model_copy(update={"public_url": "https://shop.example.cn"})
    key = DkimKey(DOMAIN, SELECTOR, key_pair[0])
    vault.senders = {"email": SmtpCampaignMailer("127.0.0.1", smtp[0], f"shop@{DOMAIN}", key)}
    return vault


def email_draft() -> Any:
    return sms_draft(channel="email", subject="秋季新品", body="{name}您好，秋季新品八折。")


@pytest.mark.legal("广告法 Art. 43", "GDPR Art. 21(2)")
def test_one_click_unsubscribe_from_a_dkim_signed_email_withdraws_the_consent(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox], key_pair: tuple[bytes, bytes]
) -> None:
    values = {"name": "欧阳娜娜", "mobile": "13800000009", "email": "nana@example.com"}
    customer = register(mailing, operator, values, ("service", "membership", "marketing_email"))
    campaign_id = approved(mailing, email_draft())
    assert deliver_campaign(mailing, MANAGER, campaign_id) == 1
    raw = smtp[1].raw[0]
    assert dkim.verify(raw, dnsfunc=dns_record(key_pair[1]))
    header = raw.split(b"\r\n\r\n")[0].decode().lower()
    assert "list-unsubscribe:list-unsubscribe-post" in "".join(header.split())  # in h=
    assert "list-unsubscribe-post: list-unsubscribe=one-click" in header
    assert "广告" in str(_parsed(raw)["Subject"])
    body = _parsed(raw).get_body()
    assert body is not None
    assert SHOP["business_name"] in body.get_content()
    assert "欧阳娜娜您好" in body.get_content()
    link = _link(raw)
    assert b"\r\nList-Unsubscribe: <https://shop.example.cn/portal/unsubscribe/" in raw  # a URL
    assert link.startswith("https://shop.example.cn/portal/unsubscribe/")
    with TestClient(create_app(vault=mailing), base_url="https://shop.example.cn") as client:
        answer = client.post(urlsplit(link).path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert not holds(mailing, customer, "marketing_email")
    assert campaign_report(mailing, MARKETING, campaign_id).report.unsubscribed == 1


def test_a_tampered_message_fails_dkim(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox], key_pair: tuple[bytes, bytes]
) -> None:
    values = {"name": "欧阳娜娜", "mobile": "13800000008", "email": "na@example.com"}
    register(mailing, operator, values, ("service", "membership", "marketing_email"))
    deliver_campaign(mailing, MANAGER, approved(mailing, email_draft()))
    raw = smtp[1].raw[0].replace(b"https://shop", b"https://evil")
    assert raw != smtp[1].raw[0]
    assert not dkim.verify(raw, dnsfunc=dns_record(key_pair[1]))


def test_a_post_that_is_not_one_click_still_needs_the_form_token(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox]
) -> None:
    values = {"name": "欧阳娜娜", "mobile": "13800000007", "email": "n@example.com"}
    register(mailing, operator, values, ("service", "membership", "marketing_email"))
    deliver_campaign(mailing, MANAGER, approved(mailing, email_draft()))
    with TestClient(create_app(vault=mailing), base_url="https://shop.example.cn") as client:
        answer = client.post(urlsplit(_link(smtp[1].raw[0])).path, data={})
    assert answer.status_code == 403


def _link(raw: bytes) -> str:
    return "".join(str(_parsed(raw)["List-Unsubscribe"]).split()).strip("<>")


def _parsed(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed
