"""The database pair (data, keystore) and the unit of work a service runs one use case in."""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType

from sqlalchemy import Connection, Engine

from privault.db.activity import ActivityRepository
from privault.db.alerts import AlertRepository
from privault.db.api_tokens import ApiTokenRepository
from privault.db.assessments import AssessmentRepository
from privault.db.audit import AuditRepository
from privault.db.audit_trail import AuditTrailRepository, driver_target, read_snapshot
from privault.db.backup import BackupRepository
from privault.db.bookings import BookingRepository
from privault.db.campaigns import CampaignRepository
from privault.db.cards import CardRepository
from privault.db.checkpoints import WalCheckpointer
from privault.db.classes import ClassRepository
from privault.db.collection import CollectionRepository
from privault.db.complaints import ComplaintRepository
from privault.db.compliance import ComplianceRepository
from privault.db.consents import ConsentRepository
from privault.db.contact_confirmations import ContactConfirmationRepository
from privault.db.copies import CopyRepository
from privault.db.customer_languages import CustomerLanguageRepository
from privault.db.customers import CustomerRepository, CustomerScan
from privault.db.dashboard import DashboardRepository
from privault.db.data_keys import DataKeyRepository
from privault.db.devices import DeviceRepository
from privault.db.duplicate_merges import MergeRepository
from privault.db.duplicates import DuplicateRepository
from privault.db.engine import make_engine
from privault.db.entry_review import EntryReviewRepository
from privault.db.erasure import ErasureRepository
from privault.db.exports import ExportRepository
from privault.db.holds import HoldRepository
from privault.db.import_mappings import ImportMappingRepository
from privault.db.imports import ImportRepository
from privault.db.incidents import IncidentRepository
from privault.db.installation import InstallationRepository
from privault.db.jobs import JobRepository
from privault.db.ledgers import LedgerRepository
from privault.db.members import MemberRepository
from privault.db.one_time_codes import OneTimeCodeRepository
from privault.db.paper import PaperRepository
from privault.db.partner_deletions import PartnerDeletionRepository
from privault.db.partners import PartnerRepository
from privault.db.photos import PhotoRepository
from privault.db.points_owed import PointsOwedRepository
from privault.db.portal_sessions import PortalSessionRepository
from privault.db.rate_limits import RateLimitRepository
from privault.db.regimes import RegimeRepository
from privault.db.requests import RequestRepository
from privault.db.retention import RetentionRepository
from privault.db.sections import SectionRepository
from privault.db.staff import StaffRepository
from privault.db.stores import StoreRepository
from privault.db.subject_data import SubjectDataRepository
from privault.db.trail_reader import DriverTarget, TrailReader
from privault.db.transactions import TransactionRepository
from privault.db.violations import ViolationRepository
from privault.db.worklist import WorklistRepository
from privault.domain.audit import ChainLink


class Database:
    def __init__(
        self,
        data_url: str,
        keystore_url: str,
        *,
        audit_link: ChainLink | None = None,
        long_running: bool = False,
        connections: int | None = None,
    ) -> None:
        """`long_running` (a server): SQLite checkpoints move to a thread of their own.
        `connections`: per database, what a server keeps open (its concurrent requests)."""
        self.audit_link = audit_link
        self.data_engine = make_engine(
            data_url, background_checkpoints=long_running, connections=connections
        )
        # Keystore writes are single inserts or deletes with no read before them in the same
        # transaction, so a deferred BEGIN cannot hit a lock-upgrade conflict there.
        self.keystore_engine = make_engine(
            keystore_url,
            lock_on_begin=False,
            background_checkpoints=long_running,
            connections=connections,
        )
        self._checkpointer: WalCheckpointer | None = None
        checkpointer = WalCheckpointer([self.data_engine, self.keystore_engine])
        if long_running and checkpointer.is_needed:  # PostgreSQL checkpoints by itself
            self._checkpointer = checkpointer
            checkpointer.start()

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(
            self.data_engine, self.keystore_engine, self.audit_link, read_only=read_only
        )

    def audit_snapshot(self) -> AbstractContextManager[TrailReader]:
        """The audit trail as of now, read without holding up writers (verification)."""
        return read_snapshot(self.data_engine)

    def driver_target(self) -> DriverTarget:
        """How a helper process reaches the data database with the bare driver."""
        return driver_target(self.data_engine)

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.data_engine.dispose()
        self.keystore_engine.dispose()


class UnitOfWork:
    """One transaction on the data database, and one on the keystore when a use case needs keys.

    The keystore commits first: a crash between the two commits leaves at worst an unused data
    key, never a customer whose key is missing.
    """

    def __init__(
        self,
        data_engine: Engine,
        keystore_engine: Engine,
        audit_link: ChainLink | None,
        *,
        read_only: bool = False,
    ) -> None:
        """`read_only`: for a check that only reads (an API token): on PostgreSQL each
        statement runs on its own (no BEGIN and ROLLBACK round trips), on SQLite the
        transaction does not take the write lock. It cannot audit or commit."""
        self._read_only = read_only
        # Appending to the audit chain needs a transaction holding the chain head.
        self._audit_link = None if read_only else audit_link
        self._data_engine = data_engine
        self._keystore_engine = keystore_engine
        self._data: Connection | None = None
        self._keys: Connection | None = None

    def __enter__(self) -> UnitOfWork:
        # Transactions begin on first use (SQLAlchemy autobegin) and end with commit or exit.
        self._data = self._data_engine.connect()
        if self._read_only:
            reads_alone = self._data.dialect.name == "postgresql"
            self._data.execution_options(
                **({"isolation_level": "AUTOCOMMIT"} if reads_alone else {}),
                privault_read_only=True,
            )
        c = self._data
        self.customers = CustomerRepository(c)
        self.consents = ConsentRepository(c)
        self.audit = AuditRepository(c, self._audit_link)
        self.audit_trail = AuditTrailRepository(c)
        self.installation = InstallationRepository(c)
        self.imports = ImportRepository(c)
        self.staff = StaffRepository(c, self.installation.settings_changed)
        self.alerts = AlertRepository(c)
        self.activity = ActivityRepository(c)
        self.exports = ExportRepository(c)
        self.scan = CustomerScan(c)
        self.erasure = ErasureRepository(c)
        self.rate_limits = RateLimitRepository(c)
        self.holds = HoldRepository(c)
        self.backup = BackupRepository(c)
        self.transactions = TransactionRepository(c)
        self.bookings = BookingRepository(c)
        self.sections = SectionRepository(c, self.installation.settings_changed)
        self.cards = CardRepository(c)
        self.collection = CollectionRepository(c)
        self.paper = PaperRepository(c)
        self.retention = RetentionRepository(c)
        self.requests = RequestRepository(c)
        self.codes = OneTimeCodeRepository(c)
        self.regimes = RegimeRepository(c)
        self.subject_data = SubjectDataRepository(c)
        self.portal_sessions = PortalSessionRepository(c)
        self.api_tokens = ApiTokenRepository(c)
        self.dashboard = DashboardRepository(c)
        self.jobs = JobRepository(c)
        self.copies = CopyRepository(c)
        self.photos = PhotoRepository(c)
        self.ledgers = LedgerRepository(c)
        self.members = MemberRepository(c)
        self.campaigns = CampaignRepository(c)
        self.classes = ClassRepository(c)
        self.partners = PartnerRepository(c)
        self.partner_deletions = PartnerDeletionRepository(c)
        self.customer_languages = CustomerLanguageRepository(c)
        self.complaints = ComplaintRepository(c)
        self.compliance = ComplianceRepository(c)
        self.assessments = AssessmentRepository(c)
        self.incidents = IncidentRepository(c)
        self.violations = ViolationRepository(c)
        self.duplicates = DuplicateRepository(c)
        self.merges = MergeRepository(c)
        self.worklist = WorklistRepository(c)
        self.import_mappings = ImportMappingRepository(c)
        self.contact_confirmations = ContactConfirmationRepository(c)
        self.entry_review = EntryReviewRepository(c)
        self.points_owed = PointsOwedRepository(c)
        self.stores = StoreRepository(c)
        self.devices = DeviceRepository(c)
        return self

    @property
    def data_keys(self) -> DataKeyRepository:
        if self._keys is None:
            self._keys = self._keystore_engine.connect()
        return DataKeyRepository(self._keys)

    @property
    def is_read_only(self) -> bool:
        return self._read_only

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work has nothing to commit")
        if self._keys is not None:
            self._keys.commit()
        if self._data is None:
            raise RuntimeError("commit outside the unit of work's `with` block")
        self._data.commit()
        self.audit.transaction_ended()

    def rollback(self) -> None:
        for conn in (self._keys, self._data):
            if conn is not None:
                conn.rollback()
        if self._data is not None:
            self.audit.transaction_ended()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for conn in (self._keys, self._data):
            if conn is not None:
                conn.rollback()
                conn.close()
        self._keys = self._data = None
