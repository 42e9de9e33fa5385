"""Every model, imported once so Alembic and create_all see the whole schema."""

from tracker.agencies.models import Agency, AgencyAlias, AgencyGroup  # noqa: F401
from tracker.api.models import IdempotencyKey  # noqa: F401
from tracker.auth.models import ApiToken, User  # noqa: F401
from tracker.core.identity import ProvinceIdentity  # noqa: F401
from tracker.core.models import CalendarDay, JournalEntry  # noqa: F401
from tracker.documents.models import Attachment, Document, NoticeDraft  # noqa: F401
from tracker.notifications.models import Notification, OutboundMail, ReminderLog, SweepRun  # noqa: F401
from tracker.tasks.models import ExtensionRequest, ProgressUpdate, Task, TaskDeadline  # noqa: F401
from tracker.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription  # noqa: F401
