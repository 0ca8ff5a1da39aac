"""partners, agreements, disclosures and cross-border routes (issue 19): the partners, their
agreements, each disclosure and its customers; an upgraded installation's stored role matrix
gains partners.read, partners.manage and partners.disclose for the privacy officer

Revision ID: d4f6b8c0e2a3
Revises: c3e5a7b9d1f2
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "d4f6b8c0e2a3"
down_revision = "c3e5a7b9d1f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "partners",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contact", sa.String(length=400), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
    )
    _agreements(utc)
    _disclosures(utc)
    grant_actions(NEW_ACTIONS)


def _agreements(utc: privault.db.types.UtcDateTime) -> None:
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.String(length=1000), nullable=False),
        sa.Column("scope", sa.String(length=400), nullable=False),
        sa.Column("confidentiality", sa.String(length=400), nullable=False),
        sa.Column("security", sa.String(length=400), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("deletes_on_termination", sa.Boolean(), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=True),
        sa.Column("assessment_ref", sa.String(length=400), nullable=True),
        sa.Column("assessment_approved_on", sa.Date(), nullable=True),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("certificate_ref", sa.String(length=400), nullable=True),
        sa.Column("certificate_on", sa.Date(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    op.create_index("ix_agreements_partner_id", "agreements", ["partner_id"])


def _disclosures(utc: privault.db.types.UtcDateTime) -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.String(length=1000), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("is_abroad", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    op.create_index("ix_disclosures_at", "disclosures", ["at"])
    op.create_table(
        "disclosure_customers",
        sa.Column("disclosure_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint(
            "disclosure_id", "customer_id", name=op.f("pk_disclosure_customers")
        ),
    )
    op.create_index("ix_disclosure_customers_customer_id", "disclosure_customers", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_disclosure_customers_customer_id", table_name="disclosure_customers")
    op.drop_table("disclosure_customers")
    op.drop_index("ix_disclosures_at", table_name="disclosures")
    op.drop_table("disclosures")
    op.drop_index("ix_agreements_partner_id", table_name="agreements")
    op.drop_table("agreements")
    op.drop_table("partners")


# An installation keeps the role matrix it was set up with: the partner actions reach an
# upgraded one only through this step, as presets/roles.toml ships them.
NEW_ACTIONS = {
    "privacy_officer": ("partners.read", "partners.manage", "partners.disclose"),
}
