"""`privault photos ...`: add a service photo to a customer's record, list them, publish one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.errors import InvalidInputError
from privault.domain.photos import MAX_BYTES
from privault.services.photos.library import PhotoForm, add_photo, list_photos
from privault.services.photos.publication import list_take_downs, publish_photo

app = typer.Typer(
    help="Service photos (before/after): sealed like every field, published only with consent."
)


@app.command("add")
def add(
    customer: Annotated[str, typer.Argument(help="The customer id.")],
    file: Annotated[Path, typer.Argument(help="A JPEG, PNG or WebP photo.")],
    kind: Annotated[str, typer.Option(help="before, after or other")],
    caption: Annotated[str | None, typer.Option(help="At most 200 characters.")] = None,
    booking: Annotated[str | None, typer.Option(help="The booking's id, if any.")] = None,
    as_json: Json = False,
) -> None:
    """Add a photo: its camera data (place, device) is removed and it is sealed at once."""
    content = _read(file)
    with context.vault() as vault:
        added = add_photo(
            vault, context.actor(), customer, content, PhotoForm(kind, caption, booking)
        )
    if as_json:
        emit_json(added)
        return
    console.print(f"added {added.kind.value} photo {added.id}")


@app.command("list")
def list_(
    customer: Annotated[str, typer.Argument(help="The customer id.")], as_json: Json = False
) -> None:
    with context.vault() as vault:
        found = list_photos(vault, context.actor(), customer)
    if as_json:
        emit_json(found)
        return
    table(
        "photos",
        ["id", "kind", "taken at", "by", "caption", "publication"],
        [(p.id, p.kind, p.taken_at_shown, p.taken_by, p.caption, p.state) for p in found],
    )


@app.command("publish")
def publish(
    photo: Annotated[str, typer.Argument(help="The photo id.")],
    channel: Annotated[str, typer.Option(help="social_media, shop_window or website")],
    as_json: Json = False,
) -> None:
    """Refused without the customer's separate consent to publishing photos."""
    with context.vault() as vault:
        done = publish_photo(vault, context.actor(), photo, channel)
    if as_json:
        emit_json(done)
        return
    event = done.consent_event_id
    console.print(
        f"published photo {done.photo_id} on {done.channel.value} (consent event {event})"
    )


@app.command("take-downs")
def take_downs(as_json: Json = False) -> None:
    """Publications whose consent is gone: the copies the shop must take down."""
    with context.vault() as vault:
        found = list_take_downs(vault, context.actor())
    if as_json:
        emit_json(found)
        return
    table(
        "to take down",
        ["#", "photo", "channel", "store", "withdrawn", "why"],
        [
            (t.publication_id, t.photo_id, t.channel, t.store, t.withdrawn_shown, t.why)
            for t in found
        ],
    )


def _read(file: Path) -> bytes:
    try:
        with file.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)  # one byte more: the service says it is too large
    except OSError as error:
        raise InvalidInputError(
            "cannot read {path}: {problem}",
            field="file",
            params={"path": str(file), "problem": error.strerror or "unreadable"},
        ) from None
