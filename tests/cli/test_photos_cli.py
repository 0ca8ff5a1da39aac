"""`privault photos add | list | publish` through the real command: one walk, since every
process costs seconds; the rules themselves are proven in tests/services/photos."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import NOTICE, Cli, _add
from tests.photo_files import camera_jpeg


def test_a_photo_is_added_listed_refused_publication_without_consent_then_published(
    cli: Cli,
    tmp_path: Path,
) -> None:
    customer_id = _add(cli, "name=韩梅梅", "mobile=13912340001")
    photo_file = tmp_path / "IMG_0001.jpg"
    photo_file.write_bytes(camera_jpeg())

    added = cli.json("photos", "add", customer_id, str(photo_file), "--kind", "after")
    assert (added["kind"], added["state"], added["taken_by"]) == ("after", "unpublished", "owner")
    why = cli.refused("photos", "publish", added["id"], "--channel", "website")
    assert "not given separate consent to photo_publication" in why
    cli.json("consents", "grant", customer_id, "photo_publication", "--notice", NOTICE)

    published = cli.json("photos", "publish", added["id"], "--channel", "website")

    assert (published["photo_id"], published["channel"]) == (added["id"], "website")
    listed = cli.json("photos", "list", customer_id)
    assert [(p["id"], p["state"]) for p in listed] == [(added["id"], "published")]
    assert "kind: kind must be one of before, after, other" in cli.refused(
        "photos", "add", customer_id, str(photo_file), "--kind", "during"
    )
