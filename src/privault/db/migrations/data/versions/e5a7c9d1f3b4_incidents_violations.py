"""incidents, notices, drills, staff violations and sanctions (issue 19)

The incident register, its steps, affected customers and drills; violations and sanctions.

Revision ID: e5a7c9d1f3b4
Revises: d4f6b8c0e2a3
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "e5a7c9d1f3b4"
down_revision = "d4f6b8c0e2a3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detected_at", utc, nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", utc, nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("data_fields", sa.String(length=400), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=600), nullable=True),
        sa.Column("trail_checked_at", utc, nullable=True),
        sa.Column("trail_events_checked", sa.BigInteger(), nullable=True),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_table(
        "incident_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_actions")),
    )
    op.create_index("ix_incident_actions_incident_id", "incident_actions", ["incident_id", "id"])
    op.create_table(
        "incident_customers",
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("regimes", sa.String(length=16), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("notice_channel", sa.String(length=8), nullable=True),
        sa.Column("notified_at", utc, nullable=True),
        sa.PrimaryKeyConstraint("incident_id", "customer_id", name=op.f("pk_incident_customers")),
    )
    op.create_table(
        "incident_drills",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("scenario", sa.String(length=200), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("recorded_at", utc, nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_drills")),
    )
    _create_violations(utc)
    grant_actions(NEW_ACTIONS)


def _create_violations(utc: privault.db.types.UtcDateTime) -> None:
    op.create_table(
        "violations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("alert_ids", sa.String(length=400), nullable=False),
        sa.Column("event_ids", sa.String(length=400), nullable=False),
        sa.Column("recorded_at", utc, nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("training_due_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
    )
    op.create_index("ix_violations_staff_name", "violations", ["staff_name", "occurred_on"])
    op.create_table(
        "sanctions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("violation_id", sa.String(length=36), nullable=False),
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", utc, nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("lifted_at", utc, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanctions")),
    )
    op.create_index("ix_sanctions_staff_name", "sanctions", ["staff_name", "starts_on"])


def downgrade() -> None:
    op.drop_index("ix_sanctions_staff_name", table_name="sanctions")
    op.drop_table("sanctions")
    op.drop_index("ix_violations_staff_name", table_name="violations")
    op.drop_table("violations")
    op.drop_table("incident_drills")
    op.drop_table("incident_customers")
    op.drop_index("ix_incident_actions_incident_id", table_name="incident_actions")
    op.drop_table("incident_actions")
    op.drop_table("incidents")


# An installation keeps the role matrix it was set up with: the incident and violation actions
# reach an upgraded one only through this step, as presets/roles.toml ships them.
NEW_ACTIONS = {
    "privacy_officer": (
        "incident.manage",
        "incident.read",
        "incident.notify",
        "violation.manage",
        "violation.read",
    ),
    "auditor": ("incident.read", "violation.read"),
}
