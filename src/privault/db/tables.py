"""Tables of the data database; personal values exist here only as ciphertext or blind index."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from privault.db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

installation = Table(
    "installation",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("version", String(32), primary_key=True),
    Column("document", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("is_material", Boolean, nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
    Column("published_by", String(64), nullable=False),
)

# A customer's fields are sealed one by one (own nonce, AAD naming the field) and kept together
# in `sealed`: one row per customer instead of one per field, which halves an import's writes.
customers = Table(
    "customers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("store", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("is_minor", Boolean, nullable=False),
    Column("sealed", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The regimes whose rights and clocks apply (space-separated: CN, EU, CA).
    Column("regimes", String(16), nullable=False, server_default="CN"),
    # Restriction is a status (restricted: stored, not processed), not a column; the status it
    # replaced (active, or pending while awaiting entry review) comes back when it is lifted.
    Column("status_before", String(16)),
    # Opted out: never sold or shared (CCPA 1798.120).
    Column("is_sharing_opted_out", Boolean, nullable=False, server_default=text("false")),
    # The last visit, purchase or consent event: what the inactivity retention rule reads.
    Column("last_activity_at", UtcDateTime, nullable=False),
    # The language the customer reads notices and answers in (zh, en); none: the shop's default.
    Column("language", String(8)),
    Index("ix_customers_last_activity_at", "last_activity_at"),
    # The entry-review queue (issue 17): only pending customers are in it, oldest first.
    Index(
        "ix_customers_pending",
        "created_at",
        sqlite_where=text("status = 'pending'"),
        postgresql_where=text("status = 'pending'"),
    ),
    sqlite_with_rowid=False,
)

# One B-tree answers every exact lookup: (index, digest) prefix, then the customer ids. On
# SQLite the key is the table (WITHOUT ROWID), not an index beside a rowid table.
blind_indexes = Table(
    "blind_indexes",
    metadata,
    Column("index_name", String(64), primary_key=True),
    Column("digest", LargeBinary(16), primary_key=True),
    Column(
        "customer_id", String(36), ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("key_version", Integer, nullable=False),
    Column("is_unique", Boolean, nullable=False),
    Index("ix_blind_indexes_customer_id", "customer_id"),
    # A child registered under a guardian shares the mobile: that row is written non-unique.
    Index(
        "uq_blind_indexes_claim",
        "index_name",
        "digest",
        unique=True,
        sqlite_where=text("is_unique"),
        postgresql_where=text("is_unique"),
    ),
    sqlite_with_rowid=False,
)

consent_events = Table(
    "consent_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "customer_id", String(36), ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("purposes", String(400), nullable=False),  # space-separated purpose keys
    Column("action", String(16), nullable=False),
    Column("notice_version", String(32), nullable=False),
    Column("notice_sha256", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("collected_by", String(64), nullable=False),
    Column("given_by", String(16), nullable=False),
    Column("guardian_relation", String(16)),
    Column("guardian_name_ciphertext", LargeBinary),
    Column("evidence", String(200)),
    Column("at", UtcDateTime, nullable=False),
    # Covers what a masked view reads (a customer's actions in order): no consent row is read.
    Index("ix_consent_events_customer_id", "customer_id", "id", "action", "purposes"),
)

# No foreign key to customers: the trail outlives an erased customer.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    # The actor's roles and stores, comma-joined: as wide as the staff columns they come from.
    Column("role", String(200), nullable=False),
    Column("store", String(400)),
    Column("action", String(48), nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("customer_id", String(36)),
    Column("fields", Text, nullable=False),
    Column("purpose", String(200)),
    Column("request_id", String(36), nullable=False),
    Column("reason", String(300)),
    # Where the action came from (domain.audit.Channel), the caller's address (web and API,
    # never the portal's customers) and the integration token; none on older events.
    Column("channel", String(16)),
    Column("client_address", String(64)),
    Column("token_name", String(64)),
    # The tamper-evident chain: event `seq` of chain `chain` is sealed with the hash before it.
    # Several chains let concurrent writers append without waiting on one another.
    Column("chain", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", LargeBinary(32), nullable=False),
    UniqueConstraint("chain", "seq"),
    # No index on `at` alone: ids grow with time, so time ranges are id ranges.
    Index("ix_audit_events_customer_id", "customer_id"),
    # Rate limits and alert rules count one staff member's recent events.
    Index("ix_audit_events_actor", "actor", "at"),
    # A date-range search of the trail (the /audit filter, an incident's window) without a staff
    # member would otherwise read the whole trail.
    Index("ix_audit_events_at", "at"),
)

# The last link of each chain; a writer locks one head row for the length of its transaction.
# base_seq/base_hash: where the chain starts after old events were purged.
audit_heads = Table(
    "audit_heads",
    metadata,
    Column("chain", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", LargeBinary(32), nullable=False),
    Column("base_seq", Integer, nullable=False),
    Column("base_hash", LargeBinary(32), nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("roles", String(200), nullable=False),  # space-separated
    Column("stores", String(400), nullable=False),  # space-separated; empty: every store
    Column("status", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("totp_secret", LargeBinary),  # sealed with a key derived for this job only
    Column("totp_last_step", Integer),  # a code is accepted once
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("language", String(8)),  # the console language this person chose; none: the browser's
    Column("last_reset_by", String(64)),  # who last sent this account back to enrolment
    Column("contact_channel", String(8)),  # sms or email: where the person's own codes go
    Column("contact", LargeBinary),  # the person's own mobile or email, sealed like TOTP seeds
    Column("enrolment_code_hash", LargeBinary),  # keyed digest of the one code outstanding
    Column("enrolment_expires_at", UtcDateTime),
    Column("enrolment_attempts", Integer),  # wrong tries of the outstanding code
    Column("countersigned_by", String(64)),  # the second officer, for a privileged account
)

staff_training = Table(
    "staff_training",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_name", String(64), ForeignKey("staff.name"), nullable=False),
    Column("course", String(200), nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Index("ix_staff_training_staff_name", "staff_name"),
)

staff_agreements = Table(
    "staff_agreements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_name", String(64), ForeignKey("staff.name"), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Index("ix_staff_agreements_staff_name", "staff_name"),
)

# Sign-in sessions (CLI now, the web later); only the token's hash is stored.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("staff_name", String(64), ForeignKey("staff.name"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("staff_name", String(64), nullable=False),
    Column("detail", String(300), nullable=False),  # counts and times, never personal values
    Column("dedupe_key", String(120), nullable=False, unique=True),
    Column("acked_by", String(64)),
    Column("acked_at", UtcDateTime),
    Column("note", String(500)),
)

exports = Table(
    "exports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("format", String(8), nullable=False),
    Column("fields", String(1000), nullable=False),  # space-separated field keys
    Column("stores", String(400), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(64)),
    Column("decided_at", UtcDateTime),
    Column("note", String(500)),
    Column("downloaded_at", UtcDateTime),
    Column("purpose_note", String(200)),  # the requester's words beside the catalog purpose
    Column("masked", Boolean, nullable=False, server_default=text("false")),
    Column("left_out_no_basis", Integer),  # counted at download
    Column("left_out_restricted", Integer),
)

# Progress of an import, committed with each batch, so a rerun of the same file resumes.
import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_sha256", String(64), nullable=False),
    Column("options_sha256", String(64), nullable=False),
    Column("rows_done", Integer, nullable=False),
    Column("imported", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    UniqueConstraint("file_sha256", "options_sha256"),
)

# Visits and purchases: what accounting keeps. An erased customer's rows lose the customer id and
# keep a random pseudonym, so the books still add up and nobody can say whose they were.
transactions = Table(
    "transactions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(36)),
    Column("pseudonym", String(36)),
    Column("store", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # visit, purchase, refund, top_up
    Column("amount_cents", Integer),
    Column("currency", String(3)),
    Column("item", String(200)),
    Column("at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Index("ix_transactions_customer_id", "customer_id", "at"),
    # Issue 15: who served (staff account names, space-separated), the bill's lines (JSON: text,
    # quantity, amount_cents), the booking served (no foreign key until bookings settle), and
    # corrections: a reversal names the entry it negates, at most one per entry (the unique
    # index holds that even when two people press "reverse" at once).
    Column("served_by", String(330)),
    Column("items", Text),
    Column("booking_id", String(36)),
    Column("reverses_id", Integer),
    Column("reason", String(200)),
    Index("ux_transactions_reverses_id", "reverses_id", unique=True),
)

# Data-subject requests (数据主体请求). No foreign key to customers: a deletion request outlives
# the customer it erased. Personal values never land here (a correction's new values are
# applied and audited by field name only).
subject_requests = Table(
    "subject_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("type", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(24), nullable=False),
    Column("regimes", String(16), nullable=False),  # space-separated
    Column("received_on", Date, nullable=False),
    Column("deadlines", Text, nullable=False),  # JSON: per regime due/extended/acknowledge
    Column("due_on", Date, nullable=False),
    Column("acknowledge_by", Date),
    Column("acknowledged_on", Date),
    Column("extended_on", Date),
    Column("extension_reason", String(500)),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(64), nullable=False),
    Column("store", String(64), nullable=False),
    Column("verified_at", UtcDateTime),
    Column("verified_by", String(64)),
    Column("verification", String(16)),  # code, in_person
    Column("verification_note", String(500)),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(64)),
    Column("refusal_reason", String(48)),
    Column("outcome", Text),  # what was done, in words, for the reply and the file
    Column("evidence_sha256", String(64)),  # of the package or certificate handed over
    # Who asks when it is not the customer: a close relative of a deceased customer (PIPL Art.
    # 49) or an authorised agent (CCPA regs §7063); the note names the relation or permission
    # and the proof seen, never a document number.
    Column("requester", String(24)),
    Column("requester_note", String(500)),
    Index("ix_subject_requests_customer_id", "customer_id"),
    Index("ix_subject_requests_status", "status", "due_on"),
)

# What a customer arranged, while alive, about their data after death (PIPL Art. 49: close
# relatives may not exercise the rights when the deceased arranged otherwise). No foreign key:
# it must outlive the customer's erasure.
posthumous_arrangements = Table(
    "posthumous_arrangements",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("arrangement", String(500), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
)

# One-time codes for identity verification; only a hash of the code is kept.
one_time_codes = Table(
    "one_time_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(36), nullable=False),
    Column("request_id", String(36)),  # None: a portal sign-in
    Column("channel", String(8), nullable=False),  # sms, email
    Column("code_hash", LargeBinary(32), nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("used_at", UtcDateTime),
    Index("ix_one_time_codes_customer_id", "customer_id", "sent_at"),
)

legal_holds = Table(
    "legal_holds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("placed_by", String(64), nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
    Column("lifted_by", String(64)),
    Column("lifted_at", UtcDateTime),
    Column("lift_reason", String(500)),
    Index("ix_legal_holds_customer_id", "customer_id"),
)

# What is left of an erased customer: the fact, never a value.
tombstones = Table(
    "tombstones",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("erased_at", UtcDateTime, nullable=False),
    Column("erased_by", String(64), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("request_id", String(36)),
    Column("retention_run_id", String(36)),
)

retention_runs = Table(
    "retention_runs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("run_by", String(64), nullable=False),
    Column("is_dry_run", Boolean, nullable=False),
    Column("customers_erased", Integer, nullable=False),
    Column("fields_removed", Integer, nullable=False),
    Column("certificate", Text),  # JSON, counts and rules only
    Column("certificate_sha256", String(64)),
)

# The shop's paper forms: what was destroyed, how, by whom, witnessed by whom.
paper_destructions = Table(
    "paper_destructions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("destroyed_on", Date, nullable=False),
    Column("description", String(300), nullable=False),
    Column("quantity", String(100), nullable=False),
    Column("method", String(32), nullable=False),
    Column("destroyed_by", String(100), nullable=False),
    Column("witnessed_by", String(100), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

# Integrations (POS, booking systems) authenticate with a token made per system and role;
# only its hash is kept, and a revoked token stays listed (who made it, when it died).
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("store", String(64)),
    Column("token_hash", LargeBinary(32), nullable=False, unique=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime),
    Column("revoked_by", String(64)),
    Column("revoked_at", UtcDateTime),
    # A token whose role sees personal data works once a privacy officer countersigned it.
    Column("countersigned_by", String(64)),
    Column("countersigned_at", UtcDateTime),
)

# A customer signed in to the privacy portal with a one-time code; only the token's hash.
portal_sessions = Table(
    "portal_sessions",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Index("ix_portal_sessions_customer_id", "customer_id"),
)

# Fixed-window counters (sign-in attempts, codes asked for) shared by every worker process.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_start", UtcDateTime, nullable=False),
    Column("hits", Integer, nullable=False),
)

# One row per scheduled job: its last run and the lease that keeps two workers from running it.
job_state = Table(
    "job_state",
    metadata,
    Column("job", String(64), primary_key=True),
    Column("last_started_at", UtcDateTime),
    Column("last_finished_at", UtcDateTime),
    Column("last_outcome", String(16)),
    Column("last_summary", String(500), nullable=False, server_default=""),
    Column("lease_holder", String(100)),
    Column("lease_until", UtcDateTime),
)

# Every run of a scheduled job, kept for the officer and the auditor (counts only, no values).
job_runs = Table(
    "job_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job", String(64), nullable=False),
    Column("worker", String(100), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("summary", String(500), nullable=False),
    Index("ix_job_runs_job", "job", "started_at"),
)

# Which customers each downloaded export held, and which of their fields: erasure removes the
# file and correction or erasure tells exactly these requesters (GDPR Art. 19), without a scan.
export_holdings = Table(
    "export_holdings",
    metadata,
    Column("export_id", String(36), primary_key=True),
    Column("customer_id", String(36), primary_key=True),
    Column("fields", String(1000), nullable=False),  # space-separated field keys
    Index("ix_export_holdings_customer_id", "customer_id"),
)

# Where privault wrote an export's file, so erasure can remove one under PRIVAULT_HOME.
export_files = Table(
    "export_files",
    metadata,
    Column("export_id", String(36), primary_key=True),
    Column("path", String(1000), nullable=False),
    Column("written_at", UtcDateTime, nullable=False),
    Column("removed_at", UtcDateTime),
)

# Each recipient told of a correction or an erasure (GDPR Art. 19, CCPA §1798.105(c)): ids,
# field keys and names of staff only, never a value.
recipient_notices = Table(
    "recipient_notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("customer_id", String(36), nullable=False),
    Column("request_id", String(36)),
    Column("export_id", String(36), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("change", String(16), nullable=False),  # corrected, erased
    Column("fields", String(1000), nullable=False),
    Index("ix_recipient_notices_request_id", "request_id"),
)

# Bookings (预约/订餐, issue 15). A walk-in carries only a salutation (王先生) until registered
# through the customer registration; a registered customer is named by id, never by a value.
# No foreign key to customers: an erased customer's bookings keep the id of a tombstone.
bookings = Table(
    "bookings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36)),
    Column("salutation", String(32)),
    Column("store", String(64), nullable=False),
    Column("service_on", Date, nullable=False),
    Column("meal", String(8)),  # lunch, dinner; or a slot:
    Column("starts", String(5)),  # HH:MM in the shop's time zone
    Column("ends", String(5)),
    Column("room", String(64)),  # room or table
    Column("technician", String(64)),  # the staff member who serves
    Column("party_size", Integer, nullable=False),
    Column("services", Text, nullable=False),  # JSON list of short texts
    Column("source", String(8), nullable=False),  # desk, phone, api
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("arrived_at", UtcDateTime),
    Column("started_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    # The day view of a store; a technician's or a room's bookings of a day (conflicts, today).
    Index("ix_bookings_store", "store", "service_on"),
    Index("ix_bookings_technician", "technician", "service_on"),
    Index("ix_bookings_room", "store", "room", "service_on"),
    Index("ix_bookings_customer_id", "customer_id"),
)

# Service photos (before/after) on a customer's record. The picture and its caption are sealed
# under the customer's data key like every field, so erasure's crypto-shredding reaches them
# and every backup copy. `booking_ref` names a booking without a key: bookings are their own area.
photos = Table(
    "photos",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("store", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # before, after, other
    Column("taken_at", UtcDateTime, nullable=False),
    Column("taken_by", String(64), nullable=False),
    Column("booking_ref", String(36)),
    Column("media_type", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("image", LargeBinary, nullable=False),  # sealed
    Column("caption", LargeBinary),  # sealed
    Column("added_at", UtcDateTime, nullable=False),
    Index("ix_photos_customer_id", "customer_id", "taken_at"),
)

# Each publication of a photo on a channel and the separate-consent grant it rests on. No key to
# photos: when the customer withdraws or is erased the photo goes, but the shop's to-do of taking
# the published copy down stays (photo id, channel, store: no personal value) until it is done.
photo_publications = Table(
    "photo_publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("photo_id", String(36), nullable=False),
    Column("customer_id", String(36)),  # emptied at erasure
    Column("store", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("consent_event_id", Integer, nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("withdrawn_at", UtcDateTime),
    Column("withdrawn_why", String(32)),  # consent_withdrawn, erased
    Column("taken_down_at", UtcDateTime),
    Column("taken_down_by", String(64)),
    Index("ix_photo_publications_photo_id", "photo_id"),
    Index("ix_photo_publications_customer_id", "customer_id"),
    Index("ix_photo_publications_store", "store", "withdrawn_at"),
)

# Serving sections (区域, issue 15): a store's rooms grouped under the service staff who serve
# them (a section head, 部长, is service staff with a section). Rooms and staff are names, not
# personal data of customers; the store manager sets them.
serving_sections = Table(
    "serving_sections",
    metadata,
    Column("store", String(64), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("rooms", Text, nullable=False),  # JSON list of room or table names
    Column("staff", Text, nullable=False),  # JSON list of staff account names
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# The issue and return register of customer information cards and salon service sheets (seed
# 003 6.3). A row names its customer by id only, and loses even that at erasure (then recalled).
card_register = Table(
    "card_register",
    metadata,
    Column("card_no", String(20), primary_key=True),
    Column("kind", String(8), nullable=False),  # card, sheet
    Column("booking_id", String(36), nullable=False),
    Column("store", String(64), nullable=False),
    Column("service_on", Date, nullable=False),
    Column("meal", String(8)),
    Column("room", String(64)),  # room or table; a sheet's technician
    Column("customer_id", String(36)),
    Column("quantity", Integer, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("issued_by", String(64), nullable=False),
    Column("issued_to", String(64), nullable=False),
    Column("is_late", Boolean, nullable=False),
    Column("returned_at", UtcDateTime),
    Column("returned_by", String(64)),
    Column("returned_quantity", Integer),
    Column("recalled_at", UtcDateTime),
    Column("destruction_id", Integer),  # its entry in paper_destructions once shredded
    Index("ix_card_register_store", "store", "service_on"),
    Index("ix_card_register_customer_id", "customer_id"),
    Index("ix_card_register_booking_id", "booking_id"),
)

# A dietary restriction stated for one meal by a guest who gave no separate consent: it lives
# on the booking only, sealed under its own key, and the row goes when the booking closes.
meal_restrictions = Table(
    "meal_restrictions",
    metadata,
    Column("booking_id", String(36), primary_key=True),
    Column("sealed", LargeBinary, nullable=False),
    Column("stated_at", UtcDateTime, nullable=False),
    Column("stated_by", String(64), nullable=False),
)

# A booking's collection form (客户信息收集表) and its items. An item's value is sealed: under the
# customer's data key when the booking names one (erasure shreds it with the rest), else under
# the forms' own key until the walk-in is registered. A decided item keeps no value: an
# accepted one lives on in the customer's record, a rejected one is discarded.
collection_forms = Table(
    "collection_forms",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("booking_id", String(36), nullable=False, unique=True),
    Column("store", String(64), nullable=False),
    Column("key_owner", String(36)),  # the customer whose key seals the values; none: forms' key
    Column("collector", String(64), nullable=False),
    Column("entry", String(8), nullable=False),  # device or paper
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("submitted_at", UtcDateTime),
    Column("reviewed_at", UtcDateTime),
    Column("reviewed_by", String(64)),
    Column("review_with", String(64)),  # the server or section head named on the review
    Column("entered_at", UtcDateTime),
    Column("entered_by", String(64)),
    Column("paper_destruction_id", Integer),  # the paper form's line in the destruction log
    Index("ix_collection_forms_status", "status", "submitted_at"),
)
collection_items = Table(
    "collection_items",
    metadata,
    Column("form_id", String(36), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("source", String(8), nullable=False),  # told or observed
    Column("value", LargeBinary),  # sealed; none once decided
    Column("status", String(12), nullable=False),
    Column("decided_at", UtcDateTime),
    Column("decided_by", String(64)),
)

# Points and stored-value ledgers (issue 16). Entries are only ever added; a balance row keeps
# each account's running sum so a movement is one conditional UPDATE (never below 0), and the
# daily reconciliation proves it equals the entries' sum. After erasure both keep only a
# pseudonym, the same one the customer's transactions get, for the accounts.
ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ledger", String(8), nullable=False),  # points, wallet
    Column("customer_id", String(36)),
    Column("pseudonym", String(36)),
    Column("store", String(64), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("amount", BigInteger, nullable=False),  # points, or fen
    Column("at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("reason", String(200)),
    Column("reverses_id", Integer),
    Column("pair_id", Integer),  # a bonus: its top-up
    Column("transaction_id", Integer),  # an earn: its purchase
    Column("expires_at", UtcDateTime),
    Index("ix_ledger_entries_customer_id", "customer_id", "ledger", "at"),
    Index("ux_ledger_entries_reverses_id", "reverses_id", unique=True),
    Index("ix_ledger_entries_transaction_id", "transaction_id"),
)
ledger_balances = Table(
    "ledger_balances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ledger", String(8), nullable=False),
    Column("customer_id", String(36)),
    Column("pseudonym", String(36)),
    Column("balance", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("ledger", "customer_id"),
)
# Membership (会员, issue 16). A membership names its customer by id; the member number is the
# customer's sealed, blind-indexed `member_no` field, never stored here in clear. Erasure closes
# the membership, drops the id and leaves a random pseudonym for the accounts (points and stored
# value) that must outlive the person. Numbers come from one business-wide sequence
# (`member_sequences`), so an erased member's number is never handed out again.
memberships = Table(
    "memberships",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36)),
    Column("pseudonym", String(36)),
    Column("store", String(64), nullable=False),
    Column("status", String(12), nullable=False),
    Column("level", String(32), nullable=False),
    Column("joined_on", Date, nullable=False),
    Column("enrolled_at", UtcDateTime, nullable=False),
    Column("enrolled_by", String(64), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(64)),
    Column("close_reason", String(200)),
    Index("ix_memberships_customer_id", "customer_id"),
    Index("ix_memberships_store", "store", "status", "level"),
)
member_sequences = Table(
    "member_sequences",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("last", Integer, nullable=False),
)
# Each level change with why: a rule's standing when met, or a manager's reason. Erasure
# deletes them with the customer id (they are history, not accounts).
member_level_changes = Table(
    "member_level_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("membership_id", String(36), nullable=False),
    Column("customer_id", String(36)),
    Column("from_level", String(32)),
    Column("to_level", String(32), nullable=False),
    Column("kind", String(8), nullable=False),  # enrolled, rule, manual
    Column("reason", String(200)),
    Column("spend_cents", Integer),
    Column("visits", Integer),
    Column("window_months", Integer),
    Column("at", UtcDateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Index("ix_member_level_changes_membership_id", "membership_id", "id"),
    Index("ix_member_level_changes_customer_id", "customer_id"),
)
# Campaigns (issue 16): a segment x channel x template x send time. The segment is kept as its
# criteria (JSON, no personal value); recipients are chosen only when it is sent.
campaigns = Table(
    "campaigns",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # campaign, birthday
    Column("stores", String(400), nullable=False),  # space-separated; empty: every store
    Column("channel", String(16), nullable=False),  # sms, email
    Column("purposes", String(200), nullable=False),  # consents every recipient must hold
    Column("segment", Text, nullable=False),  # JSON: criterion name -> text as typed
    Column("subject", String(120), nullable=False),
    Column("body", Text, nullable=False),
    Column("send_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("planned_at", UtcDateTime, nullable=False),
    Column("planned_by", String(64), nullable=False),
    Column("approved_at", UtcDateTime),
    Column("approved_by", String(64)),
    Column("capped", Integer, nullable=False, server_default=text("0")),
    Index("ix_campaigns_status", "status", "send_at"),
)

# One row per recipient and campaign: the queue and the record of what was sent. It holds the
# customer id only (emptied at erasure), never a number or an address.
campaign_deliveries = Table(
    "campaign_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),  # also the gateway's idempotency key
    Column("campaign_id", String(36), nullable=False),
    Column("customer_id", String(36)),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("queued_at", UtcDateTime, nullable=False),
    Column("handed_at", UtcDateTime),  # given to the gateway
    Column("sent_at", UtcDateTime),
    Column("provider_ref", String(64)),
    Column("error", String(64)),  # the gateway's code, never its text
    Index("ix_campaign_deliveries_campaign_id", "campaign_id", "status"),
    Index("ix_campaign_deliveries_customer_id", "customer_id", "sent_at"),
)
# Customer classes (issue 16, seed 003 制定客户分类标准): each quarter's class per customer with
# its basis and the figures it rests on (net spend in fen, visits, ranks), the run that computed
# a quarter (the rule as it stood, how many had a spend rank), and the important guests marked
# by hand with a reason. No personal value: ids, classes and sums. No foreign key (a million
# rows a quarter go in as one bulk insert); erasure deletes these rows by customer id.
customer_classes = Table(
    "customer_classes",
    metadata,
    Column("quarter", String(7), primary_key=True),  # 2026Q4
    Column("customer_id", String(36), primary_key=True),
    Column("customer_class", String(8), nullable=False),
    Column("basis", String(16), nullable=False),
    Column("spend_cents", BigInteger, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("spend_rank", Integer),
    Column("visit_rank", Integer),
    Index("ix_customer_classes_customer_id", "customer_id", "quarter"),
)
class_runs = Table(
    "class_runs",
    metadata,
    Column("quarter", String(7), primary_key=True),
    Column("computed_at", UtcDateTime, nullable=False),
    Column("computed_by", String(64), nullable=False),
    Column("rule", String(200), nullable=False),
    Column("ranked", Integer, nullable=False),  # customers with a spend rank
    Column("is_partial", Boolean, nullable=False),  # computed before the quarter ended
)
# The quarter's figures read every transaction up to the quarter's end, grouped by customer: on
# this index alone (in customer order, no table row visited, no sort).
Index(
    "ix_transactions_classes",
    transactions.c.customer_id,
    transactions.c.at,
    transactions.c.kind,
    transactions.c.amount_cents,
    transactions.c.reverses_id,
)
important_guests = Table(
    "important_guests",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("reason", String(200), nullable=False),
    Column("marked_by", String(64), nullable=False),
    Column("marked_at", UtcDateTime, nullable=False),
)

# Partners, their agreements and what was disclosed to them (issue 19): names and terms of
# businesses, no customer value; the disclosure's customers by id only.
partners = Table(
    "partners",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(400), nullable=False),
    Column("role", String(16), nullable=False),  # processor (Art. 21), controller (Art. 23)
    Column("country", String(2), nullable=False),
    Column("contact", String(400), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
agreements = Table(
    "agreements",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("fields", String(1000), nullable=False),  # space-separated catalog field keys
    Column("scope", String(400), nullable=False),
    Column("confidentiality", String(400), nullable=False),
    Column("security", String(400), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("deletes_on_termination", Boolean, nullable=False),
    Column("route", String(32)),  # a transfer abroad's legal route
    Column("assessment_ref", String(400)),
    Column("assessment_approved_on", Date),
    Column("terminated_on", Date),
    Column("certificate_ref", String(400)),
    Column("certificate_on", Date),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Index("ix_agreements_partner_id", "partner_id"),
)
disclosures = Table(
    "disclosures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agreement_id", String(36), nullable=False),
    Column("partner_id", String(36), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("fields", String(1000), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Column("sent", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("is_abroad", Boolean, nullable=False),
    Index("ix_disclosures_at", "at"),
)
disclosure_customers = Table(
    "disclosure_customers",
    metadata,
    Column("disclosure_id", String(36), primary_key=True),
    Column("customer_id", String(36), primary_key=True),
    Index("ix_disclosure_customers_customer_id", "customer_id"),
)


# Privacy questions and complaints (issue 19 point 7, seed 004): the question and its answer
# sealed under the customer's data key (erasure shreds them), the answer's due date in the
# shop's calendar, the rights requests it led to (ids, space separated).
complaints = Table(
    "complaints",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("text_sealed", LargeBinary, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("received_by", String(64), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("answered_at", UtcDateTime),
    Column("answered_on", Date),
    Column("answered_by", String(64)),
    Column("answer_sealed", LargeBinary),
    Column("answer_route", String(16)),
    Column("request_ids", String(400), nullable=False, server_default=""),
    Index("ix_complaints_status", "status", "due_on"),
    Index("ix_complaints_customer_id", "customer_id"),
)


# Impact assessments (issue 19, PIPL Art. 55-56): questions, risks and measures as JSON lists,
# no personal value; kept at least three years once approved.
assessments = Table(
    "assessments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("purpose", String(64), nullable=False),
    Column("subject", String(120), nullable=False),
    Column("title", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("triggers", String(200), nullable=False),
    Column("questions", Text, nullable=False),
    Column("risks", Text, nullable=False),
    Column("measures", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("approved_at", UtcDateTime),
    Column("approved_by", String(64)),
    Index("ix_assessments_purpose", "purpose", "status"),
)


# Incidents (issue 19): the register, the officer's steps, the customers the trail shows were
# affected (and the notice each got), and the yearly drills.
incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("detected_at", UtcDateTime, nullable=False),
    Column("reported_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("data_fields", String(400), nullable=False),  # comma-joined field names
    Column("measures", Text, nullable=False),
    Column("advice", Text, nullable=False),
    Column("contact", String(200), nullable=False),
    Column("lessons", Text, nullable=False),
    Column("scope", String(600)),  # the trail filters the affected customers were found with
    Column("trail_checked_at", UtcDateTime),
    Column("trail_events_checked", BigInteger),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(64)),
)
incident_actions = Table(
    "incident_actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(36), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Column("note", Text, nullable=False),
    Index("ix_incident_actions_incident_id", "incident_id", "id"),
)
incident_customers = Table(
    "incident_customers",
    metadata,
    Column("incident_id", String(36), primary_key=True),
    Column("customer_id", String(36), primary_key=True),
    Column("regimes", String(16), nullable=False),
    Column("events", Integer, nullable=False),  # the incident's events naming the customer
    Column("notice_channel", String(8)),  # sms, email, or none: no contact to reach
    Column("notified_at", UtcDateTime),
)
incident_drills = Table(
    "incident_drills",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("held_on", Date, nullable=False),
    Column("scenario", String(200), nullable=False),
    Column("findings", Text, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
)
# Violations (issue 19): linked to the staff member and the alerts and events that show them.
violations = Table(
    "violations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_name", String(64), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("alert_ids", String(400), nullable=False),  # comma-joined
    Column("event_ids", String(400), nullable=False),  # comma-joined audit event ids
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("training_due_on", Date, nullable=False),
    Index("ix_violations_staff_name", "staff_name", "occurred_on"),
)
sanctions = Table(
    "sanctions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("violation_id", String(36), nullable=False),
    Column("staff_name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("lifted_at", UtcDateTime),  # a suspension's account enabled again after its term
    Index("ix_sanctions_staff_name", "staff_name", "starts_on"),
)


# Keyed digests of normalised variants (issue 17, domain/duplicates): two customers sharing a
# (kind, digest) are likely one person. Only digests: the scan decrypts nothing.
duplicate_digests = Table(
    "duplicate_digests",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("digest", LargeBinary(16), primary_key=True),
    Column(
        "customer_id", String(36), ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    ),
    Index("ix_duplicate_digests_customer_id", "customer_id"),
    sqlite_with_rowid=False,
)
# Pairs found on entry or by a scan, smaller id first, waiting for a reviewer's decision.
duplicate_candidates = Table(
    "duplicate_candidates",
    metadata,
    Column("first_id", String(36), primary_key=True),
    Column("second_id", String(36), primary_key=True),
    Column("kinds", String(120), nullable=False),  # space-separated VariantKind values
    Column("found_at", UtcDateTime, nullable=False),
    Column("found_by", String(16), nullable=False),  # entry | scan
    Column("status", String(16), nullable=False),  # open | dismissed | merged
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decided_by", String(64), nullable=True),
    Index("ix_duplicate_candidates_status", "status", "found_at"),
    Index("ix_duplicate_candidates_second_id", "second_id"),
)
# A merge of two customers (issue 17): the merged-away id stays an alias of the survivor until an
# unmerge; `undo` holds what restoring both needs (ids of the rows moved, blind-index digests,
# balances: no clear value), `survivor_sealed` the survivor's record as it was (ciphertext).
customer_merges = Table(
    "customer_merges",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("survivor_id", String(36), nullable=False),
    Column("merged_id", String(36), nullable=False),
    Column("status", String(16), nullable=False),  # merged | unmerged
    Column("merged_at", UtcDateTime, nullable=False),
    Column("merged_by", String(64), nullable=False),
    Column("unmerged_at", UtcDateTime, nullable=True),
    Column("unmerged_by", String(64), nullable=True),
    Column("survivor_sealed", LargeBinary, nullable=False),
    Column("undo", Text, nullable=False),
    Index("ix_customer_merges_merged_id", "merged_id", "status"),
    Index("ix_customer_merges_survivor_id", "survivor_id", "status"),
)
# Saved import mappings (issue 17, point 7): a source system's headers -> catalog fields or
# membership figures, found again by the digest of the headers. Headers only, never a value.
import_mappings = Table(
    "import_mappings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("headers_digest", String(64), nullable=False),
    Column("choices", Text, nullable=False),  # JSON: header as written -> target ("" left out)
    Column("saved_at", UtcDateTime, nullable=False),
    Column("saved_by", String(64), nullable=False),
    Index("ix_import_mappings_headers_digest", "headers_digest"),
)


# When a customer's contact data (the catalog's contact fields) was last confirmed (issue 17,
# regular updates): at registration, when a contact field changes, or by the desk with the
# customer. No value: a time, who, how. A customer without a row counts from its creation.
contact_confirmations = Table(
    "contact_confirmations",
    metadata,
    Column(
        "customer_id", String(36), ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("confirmed_at", UtcDateTime, nullable=False),
    Column("confirmed_by", String(64), nullable=False),
    Column("how", String(16), nullable=False),  # registration | update | customer
    Index("ix_contact_confirmations_confirmed_at", "confirmed_at"),
)

# The public registration page's one-use form tokens (issue 17): a token's SHA-256 is written
# when its form registers someone, so the same form sent twice (or replayed) is refused. Rows
# past `expires_at` are useless (an expired token is refused by its signature's time) and are
# purged by the entry-review job.
spent_form_tokens = Table(
    "spent_form_tokens",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("spent_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Index("ix_spent_form_tokens_expires_at", "expires_at"),
)

# Points a reversed purchase had earned but the customer had already spent (issue 16): a balance
# never goes below 0, so the reversal takes back what is left and the rest is owed here; the
# customer's next earned points pay it back first (`customers/transactions`). Erasure deletes
# the rows (the accounts close); no personal value.
points_owed = Table(
    "points_owed",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(36), nullable=False),
    Column("transaction_id", Integer, nullable=False),  # the reversed purchase
    Column("points", BigInteger, nullable=False),  # not taken back at the reversal
    Column("repaid", BigInteger, nullable=False, server_default=text("0")),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_points_owed_customer_id", "customer_id", "id"),
)


# The store registry (issue 18 point 3): a store's code is what every `store` column and the
# staff's space-separated `stores` already hold; no foreign key points here, so a code typed
# before the registry knew it keeps working. A store is deactivated, never deleted. No zone:
# the installation's. Names, address and phone are the shop's own, not a customer's.
stores = Table(
    "stores",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("name_en", String(100)),
    Column("address", String(200)),
    Column("phone", String(32)),
    Column("zone", String(64)),
    Column("idle_seconds", Integer),  # a shared device's idle lock; none: 5 minutes
    Column("is_active", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Shared front-desk tablets (issue 18 point 3): a browser a store manager marked for a store.
# Its cookie carries a random token; only the token's SHA-256 is kept, as for sessions.
shared_devices = Table(
    "shared_devices",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("store", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("revoked_at", UtcDateTime),
    Index("ix_shared_devices_store", "store"),
)

# A staff member's personal PIN for switching on a shared device: argon2id, set by its owner;
# locked (no switching) after 5 wrong PINs in a row until the owner sets a new one.
staff_pins = Table(
    "staff_pins",
    metadata,
    Column("staff_name", String(64), ForeignKey("staff.name"), primary_key=True),
    Column("pin_hash", String(200), nullable=False),
    Column("failures", Integer, nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)


# A partner's deletion notices (issue 19 gaps): when a customer whose data was disclosed to a
# partner is erased, the partner is asked to delete its copy, one row per partner and customer
# (the fields disclosed, no value); the officer records the partner's confirmation, and a notice
# left unconfirmed alerts (partners/watch).
partner_deletion_notices = Table(
    "partner_deletion_notices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("customer_id", String(36), nullable=False),
    Column("request_id", String(36)),
    Column("fields", String(1000), nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
    Column("confirmed_at", UtcDateTime),
    Column("confirmed_by", String(64)),
    Column("reference", String(400)),
    Index("ix_partner_deletion_notices_partner_id", "partner_id", "confirmed_at"),
    Index("ix_partner_deletion_notices_customer_id", "customer_id"),
)
