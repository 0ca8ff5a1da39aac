"""The public registration page (issue 17): a person registers themself on their own phone
(a QR code at the counter or the table, one per store), channel `web`. The page acts as the
code-held role `public_registration`, which reads the notice and registers, nothing else. Each
page carries a one-use signed form token: it is spent in the registration's own transaction, so
the same form sent twice, or replayed, is refused and changes nothing; sending is rate-limited
per client."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from privault.domain.consents import Channel
from privault.domain.errors import (
    ConflictError,
    DuplicateCustomerError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import PUBLIC_REGISTRATION_ROLE, Action, Actor
from privault.domain.stores import Store
from privault.services.customers.records import RegistrationForm, register_in
from privault.services.staff.rate_limits import check_rate
from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault

PUBLIC_FORM = Actor("public-registration", frozenset({PUBLIC_REGISTRATION_ROLE}))
TOKEN_TTL = timedelta(hours=2)
# Every send counts (a registration is work for the reviewer); generous, since a restaurant's
# guests on its Wi-Fi, or behind a carrier's NAT, share one address.
SENDS_PER_CLIENT = 30
SEND_WINDOW = timedelta(hours=1)
_LABEL = b"public-registration|"
NOT_GENUINE = "this form is not genuine or has expired; open the registration page again"
SENT_ALREADY = "this form was sent already; nothing was changed. Open the page again to register"
TAKEN = "{field} is already registered with us; ask the staff at the counter"
NO_SUCH_STORE = (
    "this registration link names no open store of ours; scan the code at the counter again"
)
# Between the token's nonce and its store code: neither a nonce nor a store code holds one.
_STORE_MARK = "@"


@dataclass(frozen=True)
class PublicEntry:
    """What the page sent: the catalog's values, the ticked purposes, the notice shown."""

    values: Mapping[str, str]
    purposes: tuple[str, ...]
    notice_version: str
    token: str
    client: str  # the client address, as the web's edge resolved it


def issue_form_token(vault: Vault, store: str = "") -> str:
    """Issue time, a random nonce, the store of the QR code scanned (none: the default store)
    and an HMAC under the installation's form key: the store is the page's, not the sender's."""
    payload = f"{int(vault.clock().timestamp())}.{secrets.token_urlsafe(16)}"
    if store:
        payload += _STORE_MARK + store
    return f"{payload}.{_mac(vault, payload)}"


def registration_store(vault: Vault, code: str) -> Store | None:
    """The open store a QR code's link names; None when it names none (the default store)."""
    if not code.strip():
        return None
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return _open_store(uc.uow.stores.get, code.strip())


def store_of_token(vault: Vault, token: str) -> Store | None:
    """The store a genuine form token was issued for (to show the page again with it)."""
    issued, _, mac = token.rpartition(".")
    if not (mac and hmac.compare_digest(_mac(vault, issued), mac)):
        return None
    try:
        return registration_store(vault, issued.partition(_STORE_MARK)[2])
    except NotFoundError:
        return None


def register_on_public_page(vault: Vault, entry: PublicEntry) -> str:
    check_rate(
        vault, f"public-registration:{entry.client}", limit=SENDS_PER_CLIENT, window=SEND_WINDOW
    )
    with use_case(vault, PUBLIC_FORM) as uc:
        expires = _expiry(vault, entry.token, uc.now)
        if expires is None:
            uc.refuse(Action.REGISTER, PolicyDeniedError(NOT_GENUINE), reason="form token refused")
        digest = hashlib.sha256(entry.token.encode()).hexdigest()
        if not uc.uow.entry_review.spend_token(digest, uc.now, expires):
            raise ConflictError(SENT_ALREADY)
        try:
            store = _token_store(uc.uow.stores.get, entry.token)
            customer_id = register_in(uc, _form(entry, digest, store))
        except DuplicateCustomerError as error:
            # The page is public: the holder's id is never named, only that the value is taken.
            raise InvalidInputError(
                TAKEN, field=error.field, params={"field": error.field}
            ) from None
        uc.commit()
        return customer_id


def _token_store(lookup: Callable[[str], Store | None], token: str) -> str | None:
    """The store code a genuine token carries, if that store is still open (checked after the
    token's MAC): a store closed since the page was opened refuses the registration."""
    code = token.rpartition(".")[0].partition(_STORE_MARK)[2]
    if not code:
        return None
    _open_store(lookup, code)
    return code


def _open_store(lookup: Callable[[str], Store | None], code: str) -> Store:
    """The store a registration names, refused (nothing written) unless it exists and is open."""
    store = lookup(code)
    if store is None or not store.is_active:
        raise NotFoundError(NO_SUCH_STORE)
    return store


def _form(entry: PublicEntry, digest: str, store: str | None) -> RegistrationForm:
    evidence = f"public registration page; form token sha256 {digest[:16]}; client {entry.client}"
    return RegistrationForm(
        values=entry.values,
        purposes=entry.purposes,
        channel=Channel.WEB.value,
        notice_version=entry.notice_version,
        evidence=evidence[:200],
        store=store,
    )


def _expiry(vault: Vault, token: str, now: datetime) -> datetime | None:
    """When a genuine, unexpired token stops being usable; None for any other."""
    issued, _, mac = token.rpartition(".")
    seconds = issued.partition(".")[0]
    if not (mac and seconds.isdigit() and hmac.compare_digest(_mac(vault, issued), mac)):
        return None
    at = datetime.fromtimestamp(int(seconds), tz=UTC)
    if not at - timedelta(minutes=5) <= now < at + TOKEN_TTL:
        return None
    return at + TOKEN_TTL


def _mac(vault: Vault, payload: str) -> str:
    return hmac.new(vault.form_key, _LABEL + payload.encode(), hashlib.sha256).hexdigest()
