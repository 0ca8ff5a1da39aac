"""Service photos on a customer's record: sealed, cleaned of camera metadata, checked by type,
size and pixels, reached by role, and every add and view audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.photos import ImageType, PhotoKind, PublicationState
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.restriction import restrict_customer
from privault.services.photos.library import PhotoForm, add_photo, list_photos, open_photo
from privault.services.vault import Vault
from tests.conftest import START
from tests.factories import MEMBER, register
from tests.photo_files import CAMERA, camera_jpeg, has_exif, image_file

FRONT = Actor("desk.li", frozenset({"front_desk"}))
TECH = Actor("desk.wang", frozenset({"front_desk"}))
MARKETER = Actor("market.zhao", frozenset({"marketing"}))
UNTRAINED = Actor("desk.new", frozenset({"front_desk"}), training_gap="no training yet")


def _photo_events(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[str, str, str]]:
    """Oldest first (the trail lists newest first)."""
    return [
        (e.action, e.outcome.value, e.reason or "")
        for e in reversed(list_audit_events(vault, actor, customer_id=customer_id))
        if e.action.startswith("photo.")
    ]


def test_a_photo_is_stored_sealed_without_its_camera_metadata_and_opens_for_staff(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    original = camera_jpeg()
    assert has_exif(original)

    added = add_photo(vault, TECH, customer_id, original, PhotoForm("before", caption="  染发前  "))

    assert (added.kind, added.caption, added.taken_by) == (PhotoKind.BEFORE, "染发前", TECH.name)
    assert added.state is PublicationState.UNPUBLISHED
    opened = open_photo(vault, FRONT, added.id)
    assert opened.media_type is ImageType.JPEG
    assert not has_exif(opened.content)
    assert CAMERA.encode() not in opened.content
    with Image.open(io.BytesIO(opened.content)) as image:
        assert image.size == (64, 48)
    small = open_photo(vault, FRONT, added.id, small=True)
    assert small.media_type is ImageType.JPEG
    listed = list_photos(vault, TECH, customer_id)
    assert [(p.id, p.caption) for p in listed] == [(added.id, "染发前")]


def test_png_and_webp_are_accepted_and_keep_their_type(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)

    png = add_photo(vault, FRONT, customer_id, image_file("PNG"), PhotoForm("after"))
    webp = add_photo(vault, FRONT, customer_id, image_file("WEBP"), PhotoForm("other"))

    assert (png.media_type, webp.media_type) == (ImageType.PNG, ImageType.WEBP)
    assert open_photo(vault, FRONT, webp.id).content.startswith(b"RIFF")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a photo at all", "file: not a photo privault accepts"),
        (image_file("GIF"), "file: not a photo privault accepts"),
        (image_file("JPEG")[:60], "file: the photo is damaged"),
        (b"", "file: the file is empty"),
        (b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), "file: the file is larger than 10 MB"),
    ],
)
def test_a_file_that_is_not_an_accepted_photo_is_refused_naming_the_field(
    vault: Vault, operator: Actor, content: bytes, message: str
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match=message):
        add_photo(vault, FRONT, customer_id, content, PhotoForm("before"))

    assert table_counts(vault.database) == before


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, format="PNG")

    with pytest.raises(InvalidInputError, match="file: the photo has more than 40 million"):
        add_photo(vault, FRONT, customer_id, out.getvalue(), PhotoForm("before"))


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (PhotoForm("during"), "kind: kind must be one of before, after, other"),
        (PhotoForm("before", caption="长" * 201), "caption: at most 200 characters"),
        (PhotoForm("before", booking_ref="tomorrow"), "booking: give the booking's id"),
    ],
)
def test_bad_details_are_refused_naming_the_field(
    vault: Vault, operator: Actor, form: PhotoForm, message: str
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)

    with pytest.raises(InvalidInputError, match=message):
        add_photo(vault, FRONT, customer_id, camera_jpeg(), form)

    assert list_photos(vault, FRONT, customer_id) == []


def test_marketing_cannot_add_or_see_photos_and_the_refusals_are_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    photo = add_photo(vault, FRONT, customer_id, camera_jpeg(), PhotoForm("before"))

    with pytest.raises(PolicyDeniedError, match=r"may not photo\.add"):
        add_photo(vault, MARKETER, customer_id, camera_jpeg(), PhotoForm("after"))
    with pytest.raises(PolicyDeniedError, match=r"may not photo\.view"):
        open_photo(vault, MARKETER, photo.id)
    with pytest.raises(PolicyDeniedError, match="may see masked data only"):
        open_photo(vault, UNTRAINED, photo.id)

    denied = [e for e in _photo_events(vault, operator, customer_id) if e[1] == "denied"]
    assert [e[0] for e in denied] == ["photo.add", "photo.view", "photo.view"]


def test_every_add_and_view_is_audited_with_the_photo_id(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    photo = add_photo(vault, TECH, customer_id, camera_jpeg(), PhotoForm("after"))
    open_photo(vault, FRONT, photo.id)
    list_photos(vault, FRONT, customer_id)

    events = [
        e
        for e in reversed(list_audit_events(vault, operator, customer_id=customer_id))
        if e.action in (Action.PHOTO_ADD, Action.PHOTO_VIEW)
    ]

    assert [(e.action, e.actor, e.fields, e.outcome) for e in events] == [
        (Action.PHOTO_ADD.value, TECH.name, (f"photo:{photo.id}",), Outcome.ALLOWED),
        (Action.PHOTO_VIEW.value, FRONT.name, (f"photo:{photo.id}",), Outcome.ALLOWED),
        (Action.PHOTO_VIEW.value, FRONT.name, (f"photo:{photo.id}",), Outcome.ALLOWED),
    ]


def test_a_restricted_customers_photos_are_stored_but_not_shown_or_added(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    photo = add_photo(vault, FRONT, customer_id, camera_jpeg(), PhotoForm("before"))
    restrict_customer(vault, operator, customer_id, reason="the customer contests the data")

    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        open_photo(vault, FRONT, photo.id)
    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        add_photo(vault, FRONT, customer_id, camera_jpeg(), PhotoForm("after"))


def test_a_photo_cannot_be_dated_in_the_future(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    later = START + timedelta(days=1)

    with pytest.raises(InvalidInputError, match="taken_at: a photo cannot be taken in the future"):
        add_photo(vault, FRONT, customer_id, camera_jpeg(), PhotoForm("before", taken_at=later))

    assert list_photos(vault, FRONT, customer_id) == []
