"""Service photo pages: the section on a customer's profile (upload, thumbnails, publish), the
photos themselves opened on the fly, and the store manager's take-down list. Routes parse and
render; the services decide and audit."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.photos import MAX_BYTES, PhotoKind, PublicationChannel
from privault.domain.policy import Actor
from privault.services.photos.library import PhotoForm, add_photo, list_photos, open_photo
from privault.services.photos.publication import (
    list_take_downs,
    mark_taken_down,
    publish_photo,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import frame, is_htmx, language
from privault.web.templating import render

router = APIRouter()
# A decrypted photo is never kept by a browser or a proxy: each look is a fresh, audited opening.
PRIVATE = {"Cache-Control": "no-store", "Content-Disposition": "inline"}


@router.get("/customers/{customer_id}/photos")
def photos_section(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    return _section(request, vault, actor, customer_id)


@router.post("/customers/{customer_id}/photos", dependencies=[GenuineForm])
def upload(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()] = "",
    caption: Annotated[str, Form()] = "",
    booking: Annotated[str, Form()] = "",
) -> Response:
    entered = {"kind": kind, "caption": caption, "booking": booking}
    content = file.file.read(MAX_BYTES + 1)
    try:
        add_photo(vault, actor, customer_id, content, PhotoForm(kind, caption, booking))
    except PrivaultError as error:
        errors = {error_field(error) or "file": explain(language(request), error)}
        return _section(
            request,
            vault,
            actor,
            customer_id,
            entered=entered,
            errors=errors,
            status=status_of(error),
        )
    serving = f"&booking={quote(booking.strip())}" if booking.strip() else ""
    return RedirectResponse(f"/customers/{customer_id}/photos?added=1{serving}", status_code=303)


@router.get("/photos/{photo_id}/thumbnail")
def thumbnail(vault: VaultDep, actor: StaffActor, photo_id: str) -> Response:
    opened = open_photo(vault, actor, photo_id, small=True)
    return Response(opened.content, media_type=opened.media_type.value, headers=PRIVATE)


@router.get("/photos/{photo_id}/image")
def image(vault: VaultDep, actor: StaffActor, photo_id: str) -> Response:
    opened = open_photo(vault, actor, photo_id)
    return Response(opened.content, media_type=opened.media_type.value, headers=PRIVATE)


@router.post("/photos/{photo_id}/publish", dependencies=[GenuineForm])
def publish(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    photo_id: str,
    customer_id: Annotated[str, Form()],
    channel: Annotated[str, Form()] = "",
) -> Response:
    """A refusal (no separate consent) is shown beside the photo, saying why."""
    try:
        publish_photo(vault, actor, photo_id, channel)
    except PrivaultError as error:
        refused = {"photo_id": photo_id, "message": explain(language(request), error)}
        return _section(
            request, vault, actor, customer_id, refused=refused, status=status_of(error)
        )
    return RedirectResponse(f"/customers/{customer_id}/photos?published=1", status_code=303)


@router.get("/photos/take-downs")
def take_downs(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    context = frame(request, vault, actor, take_downs=list_take_downs(vault, actor))
    return render(request, "photos/take_downs.html", context)


@router.post("/photos/take-downs/{publication_id:int}", dependencies=[GenuineForm])
def taken_down(vault: VaultDep, actor: StaffActor, publication_id: int) -> Response:
    mark_taken_down(vault, actor, publication_id)
    return RedirectResponse("/photos/take-downs?done=1", status_code=303)


def _section(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    context = frame(
        request,
        vault,
        actor,
        customer_id=customer_id,
        photos=list_photos(vault, actor, customer_id),
        kinds=list(PhotoKind),
        channels=list(PublicationChannel),
        added=request.query_params.get("added") == "1",
        published=request.query_params.get("published") == "1",
        # Opened from a service sheet: the technician's booking, kept on the photo.
        serving=request.query_params.get("booking", ""),
        entered=extra.pop("entered", {}),
        errors=extra.pop("errors", {}),
        refused=extra.pop("refused", None),
    )
    page = "photos/_section.html" if is_htmx(request) else "photos/page.html"
    return render(request, page, context, status=status)
