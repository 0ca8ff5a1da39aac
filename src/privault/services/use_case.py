"""The use-case context: one per user intention, the only door to the policy, the audit trail,
refusals and the commit.

A use case reads as a short story around it:

    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.UPDATE, customer_id=row.id, store=row.store)
        ...change...
        uc.record(Action.UPDATE, customer_id=row.id, fields=changed)
        uc.commit()

It owns the unit of work, one clock reading (`now`), the actor (a person, an integration token or
the system itself), the request id, the channel and client address it came from, and the stated
purpose; every audit event it records carries them. Refusals are recorded and committed on their
own, then raised, so an attempt leaves a trace and changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import NoReturn

from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import Alert, reveal_rate
from privault.domain.api_tokens import token_name
from privault.domain.audit import AuditEvent, Channel, Outcome, field_list
from privault.domain.catalog import Catalog, FieldSpec
from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor, Request, RoleMatrix, authorize, reveal_limit
from privault.domain.purpose_use import StatedPurpose
from privault.services import access_watch
from privault.services.settings_stamp import settings_moved
from privault.services.vault import Vault

# The acting system itself: scheduled sweeps and scans, with their own audit identity.
SYSTEM = Actor("system", frozenset({"system"}))
ANONYMOUS = Actor("anonymous", frozenset())


@dataclass(frozen=True)
class Origin:
    """Where a use case was asked from; adapters set it per request (the CLI per command)."""

    request_id: str | None = None  # none: each use case gets its own (CLI commands, jobs)
    client: str | None = None  # the caller's address (web and API; never the portal's)
    channel: Channel | None = None  # none: a scheduled job


# Outside a web request (CLI, jobs), each use case gets its own request id.
request_origin: ContextVar[Origin | None] = ContextVar("request_origin", default=None)


@contextmanager
def grouped(request_id: str) -> Iterator[None]:
    """Every use case inside carries this request id: the trail groups a long run's events
    (an import, a retention sweep)."""
    outer = request_origin.get()
    token = request_origin.set(replace(outer or Origin(), request_id=request_id))
    try:
        yield
    finally:
        request_origin.reset(token)


def in_batches(
    one_batch: Callable[[], tuple[int, bool]], max_batches: int
) -> tuple[int, int, bool]:
    """A job's walk, one transaction per batch, grouped in the trail as one run: `one_batch`
    says how many records it changed and whether the walk is finished. Returns the records
    changed, the batches run and whether the walk finished within `max_batches`."""
    changed = batches = 0
    finished = False
    with grouped(str(uuid.uuid4())):
        while not finished and batches < max_batches:
            written, finished = one_batch()
            changed += written
            batches += 1
    return changed, batches, finished


@dataclass(frozen=True)
class Entry:
    """One audit event of a batch, before the context stamps who, when and from where."""

    action: Action | str
    customer_id: str | None = None
    fields: Iterable[str] = ()
    purpose: str | None = None
    reason: str | None = None
    outcome: Outcome = Outcome.ALLOWED


class UseCase:
    """Built by `use_case()`; services receive it, never build it."""

    def __init__(
        self, vault: Vault, uow: UnitOfWork, actor: Actor, now: datetime, origin: Origin
    ) -> None:
        self.vault = vault
        self.uow = uow
        self.actor = actor
        self.now = now
        self.request_id = origin.request_id or str(uuid.uuid4())
        self.client = origin.client
        self.channel = origin.channel
        self._alerted: list[str] = []  # dedupe keys this use case raised or found, until commit
        uow.consents.renewals_from(partial(vault.renewals, uow))

    def act_as(self, actor: Actor) -> None:
        """Sign-in learns who acts only inside its use case (the account or customer a typed
        name, number or session names); events recorded from here on name that actor."""
        self.actor = actor

    @property
    def catalog(self) -> Catalog:
        return self.vault.catalog(self.uow)

    @property
    def roles(self) -> RoleMatrix:
        return self.vault.roles(self.uow)

    def holds(self, action: Action) -> bool:
        """Whether a role of the actor grants the action at all (store, field and status are
        the policy's to decide in `require`): for offering a route another rule opens."""
        matrix = self.roles
        return any(r in matrix and action in matrix[r].actions for r in self.actor.roles)

    def require(
        self,
        action: Action,
        *,
        customer_id: str | None = None,
        fields: Iterable[str] = (),
        field: FieldSpec | None = None,
        purpose: str | None = None,
        store: str | None = None,
        customer_purposes: Iterable[str] | None = None,
        owner: str | None = None,
        customer_status: str | None = None,
        field_specs: Iterable[FieldSpec] = (),
        stores: Iterable[str] | None = None,
        use: StatedPurpose | None = None,
    ) -> None:
        """Decide with the one policy function; a refusal is recorded and raised. Allowed access
        feeds the alert rules. `field_specs`, `stores`: every field and store the request covers
        (an export), each decided, the first refusal winning."""
        request = Request(
            action,
            field=field,
            purpose=purpose,
            store=store,
            customer_purposes=_frozen(customer_purposes),
            owner=owner,
            fields=tuple(field_specs),
            stores=_frozen(stores),
            reveals_last_hour=self._reveals_last_hour(action),
            customer_status=customer_status,
            use=use,
        )
        self._decide(request, customer_id=customer_id, fields=fields)

    def _decide(self, request: Request, *, customer_id: str | None, fields: Iterable[str]) -> None:
        decision = authorize(self.actor, request, self.roles)
        if decision.allowed:
            access_watch.watch(self, request.action, customer_id=customer_id)
            return
        self.refuse(
            request.action,
            decision.error(),
            customer_id=customer_id,
            fields=fields,
            purpose=request.purpose,
            alert=self._rate_alert(request),
        )

    def _reveals_last_hour(self, action: Action) -> int:
        if action is not Action.REVEAL:
            return 0
        since = self.now - access_watch.WINDOW
        return self.uow.activity.count(self.actor.name, Action.REVEAL.value, since)

    def _rate_alert(self, request: Request) -> Alert | None:
        """A role with no reveals at all is refused by the matrix, not by the rate: no alert."""
        limit = reveal_limit(self.actor, self.roles)
        if request.action is Action.REVEAL and 0 < limit <= request.reveals_last_hour:
            return reveal_rate(self.actor.name, limit, self.now)
        return None

    def allows(self, request: Request) -> bool:
        """The policy's answer without refusing or recording: for choosing what to show (the
        fields a file may hold in clear, a queue's rows), never instead of `require`."""
        return authorize(self.actor, request, self.roles).allowed

    def record(
        self,
        action: Action | str,
        *,
        customer_id: str | None = None,
        fields: Iterable[str] = (),
        purpose: str | None = None,
        reason: str | None = None,
        outcome: Outcome = Outcome.ALLOWED,
    ) -> None:
        """What the use case did, in the transaction of the change."""
        self.record_all([Entry(action, customer_id, fields, purpose, reason, outcome)])

    def record_each(
        self,
        action: Action | str,
        customer_ids: Iterable[str],
        *,
        fields: Iterable[str] = (),
        purpose: str | None = None,
        reason: str | None = None,
    ) -> None:
        """The same event for each of several customers (a batch)."""
        shown = tuple(fields)
        self.record_all(Entry(action, c, shown, purpose, reason) for c in customer_ids)

    def record_all(self, entries: Iterable[Entry]) -> None:
        events = [self._event(e) for e in entries]
        if events:
            self.uow.audit.append(events)

    def alert(self, alert: Alert) -> bool:
        """Raise an alert for the privacy officer; True when it is new (not raised before
        under its dedupe key). A key this process saw committed needs no query."""
        if self.vault.knows_alert(alert.key):
            return False
        new = self.uow.alerts.raise_once(
            self.now, alert.kind.value, alert.staff_name, alert.detail, alert.key
        )
        self._alerted.append(alert.key)
        return new

    def has_alert(self, key: str) -> bool:
        """Whether an alert with this dedupe key was raised (by anyone, or in this use case)."""
        if self.vault.knows_alert(key):
            return True
        found = self.uow.alerts.exists(key)
        if found:
            self._alerted.append(key)
        return found

    def refuse(
        self,
        action: Action | str,
        error: PrivaultError,
        *,
        customer_id: str | None = None,
        customer_ids: Iterable[str] = (),
        fields: Iterable[str] = (),
        purpose: str | None = None,
        reason: str | None = None,
        alert: Alert | None = None,
        keep: bool = False,
    ) -> NoReturn:
        """Undo the use case (unless `keep`: what was written before stays, e.g. a failure
        count), record the refusal and its alert on their own, commit, and raise `error`.
        A read-only use case records it through a writing one of its own."""
        if self.uow.is_read_only:
            with use_case(self.vault, self.actor) as writer:
                writer.refuse(
                    action,
                    error,
                    customer_id=customer_id,
                    customer_ids=customer_ids,
                    fields=fields,
                    purpose=purpose,
                    reason=reason,
                    alert=alert,
                )
        if not keep:
            self.rollback()
        why = reason or error.message
        ids: list[str | None] = list(customer_ids) or [customer_id]
        shown = tuple(fields)
        self.record_all(Entry(action, c, shown, purpose, why, Outcome.DENIED) for c in ids)
        if alert is not None:
            self.alert(alert)
        self.commit()
        raise error

    def commit(self) -> None:
        changed = self.uow.installation.has_changed_settings
        self.uow.commit()
        if changed:
            settings_moved()
        # Only committed alerts are remembered: a rolled-back one must be raised again.
        self.vault.remember_alerts(self._alerted)
        self._alerted = []

    def rollback(self) -> None:
        self.uow.rollback()
        self._alerted = []

    def _event(self, entry: Entry) -> AuditEvent:
        return AuditEvent(
            at=self.now,
            actor=self.actor.name,
            role=self.actor.role,
            store=self.actor.store,
            action=str(entry.action),
            outcome=entry.outcome,
            request_id=self.request_id,
            customer_id=entry.customer_id,
            fields=field_list(entry.fields),  # AuditEvent normalises every text it holds
            purpose=entry.purpose,
            reason=entry.reason,
            channel=self.channel,
            client_address=self.client,
            token_name=token_name(self.actor.name),  # an integration acts as api:<token>
        )


@contextmanager
def use_case(vault: Vault, actor: Actor, *, read_only: bool = False) -> Iterator[UseCase]:
    """One user intention: one unit of work, one clock reading, one request id. `read_only`:
    a check that only reads (an API token); it cannot record or commit."""
    origin = request_origin.get() or Origin()
    with vault.unit_of_work(read_only=read_only) as uow:
        yield UseCase(vault, uow, actor, vault.clock(), origin)


def record_refusal(
    vault: Vault,
    actor: Actor | None,
    action: Action,
    error: PrivaultError,
    *,
    customer_id: str | None = None,
) -> None:
    """A refusal before any use case starts (a forged form, a wrong portal customer): recorded
    on its own, so an attack leaves a trace and changes nothing. The caller raises or answers."""
    with use_case(vault, actor or ANONYMOUS) as uc:
        uc.record(action, customer_id=customer_id, outcome=Outcome.DENIED, reason=error.message)
        uc.commit()


def _frozen(items: Iterable[str] | None) -> frozenset[str] | None:
    return None if items is None else frozenset(items)
