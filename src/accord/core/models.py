from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    DELETE = "delete", "deleted"


# The word each generic action adds to a record kind: "indicator" + CREATE = "indicator.created".
ACTION_SUFFIX = {AuditAction.CREATE: "created", AuditAction.UPDATE: "changed", AuditAction.DELETE: "deleted"}


# Record kinds on a partnership's trail (the model name) and how a person calls them.
RECORD_KINDS = {
    "partnership": "partnership",
    "party": "party",
    "partymember": "person on the partnership",
    "partynote": "note",
    "charter": "charter",
    "charterversion": "charter version",
    "chartersignature": "charter signature",
    "agreementversion": "agreement version",
    "agreementsignature": "agreement signature",
    "responsibilityarea": "responsibility",
    "deliverable": "deliverable",
    "milestone": "milestone",
    "communicationchannel": "communication channel",
    "legalitem": "legal item",
    "sharedcost": "shared cost",
    "exitclause": "exit clause",
    "termnote": "term note",
    "indicator": "indicator",
    "measurement": "measurement",
    "measurementbatch": "measurements",
    "scorecardsettings": "scorecard settings",
    "governancebody": "governance body",
    "meeting": "meeting",
    "agendaitem": "agenda item",
    "minuteentry": "minutes",
    "decision": "decision",
    "actionitem": "action item",
    "escalation": "escalation",
    "escalationtargets": "escalation targets",
    "preparationnote": "preparation note",
    "financialmodelversion": "financial model version",
    "financialmodelsignature": "financial model signature",
    "statement": "incentive statement",
    "statementapproval": "statement approval",
    "statementnote": "statement note",
    "statementinnovation": "statement innovation",
    "scorecardcomment": "scorecard comment",
    "market": "market",
    "site": "site",
    "audittemplate": "audit template",
    "audit": "audit",
    "serviceline": "service line",
    "pricepoint": "price point",
    "pricingsettings": "pricing settings",
    "surveytemplate": "survey template",
    "surveyround": "survey round",
    "healthsettings": "health settings",
}

# Events that are more than a record created, changed or deleted, named by the service that writes them.
NAMED_EVENTS = {
    # Partnership trail (party invitations are on the inviting or answering organization's trail too).
    "PARTY_INVITED": ("party.invited", "party invited"),
    "PARTY_ACCEPTED": ("party.accepted", "party invitation accepted"),
    "PARTY_DECLINED": ("party.declined", "party invitation declined"),
    # Someone of a party answered a survey round: never who, never what (health/surveys.py).
    "SURVEY_ANSWERED": ("survey.answered", "survey answered"),
    # Organization trail.
    "ORGANIZATION_CREATED": ("organization.created", "organization created"),
    "MEMBER_INVITED": ("member.invited", "colleague invited"),
    "MEMBER_JOINED": ("member.joined", "colleague joined"),
    "MEMBER_ROLE_CHANGED": ("member.role_changed", "role changed"),
    "TOKEN_CREATED": ("token.created", "API token created"),
    "TOKEN_REVOKED": ("token.revoked", "API token revoked"),
    "PASSWORD_CHANGED": ("password.changed", "password changed"),
    "PASSWORD_RESET": ("password.reset", "password reset by e-mail link"),
    "SIGNIN_THROTTLED": ("signin.throttled", "sign-in attempts slowed down"),
    "CALENDAR_FEED_CREATED": ("calendar_feed.created", "calendar feed address created"),
    "CALENDAR_FEED_ROTATED": ("calendar_feed.rotated", "calendar feed address replaced"),
    "REMINDERS_CHANGED": ("reminders.changed", "e-mail reminders changed"),
}

# What happened, as ``<subject>.<verb>``; one list for both trails (Zulip's audit log keeps one
# list of event types too). ``AuditEventType.INDICATOR_CREATED == "indicator.created"``.
# Ordinary records get ``<kind>.created|changed|deleted`` (``record_event`` derives it); a test
# checks that every type the product writes is listed here.
AuditEventType = models.TextChoices("AuditEventType", [
    *[(f"{kind.upper()}_{ACTION_SUFFIX[action].upper()}", (f"{kind}.{ACTION_SUFFIX[action]}",
                                                           f"{label} {ACTION_SUFFIX[action]}"))
      for kind, label in RECORD_KINDS.items() for action in AuditAction],
    *NAMED_EVENTS.items(),
])


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, party):
        """Events of shared records, plus events of ``party``'s own private records."""
        return self.filter(partnership_id=party.partnership_id).filter(
            Q(visibility="shared") | Q(owner_party=party)
        )

    def for_organization(self, organization):
        """The organization's own trail: what its people and admins did to it."""
        return self.filter(organization=organization)


class AuditEvent(models.Model):
    """Who did what, when, on behalf of which party or organization. Written by services, never edited.

    An event belongs to a partnership's trail, an organization's trail, or both (a party
    invitation is part of the partnership's history and of the inviting organization's).
    ``visibility`` and ``owner_party`` are copied from the record at the time of the event,
    so the activity feed obeys the same visibility rule as the records themselves.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events",
        help_text="Set when the event belongs to this organization's trail.",
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    acting_party = models.ForeignKey(
        "partnerships.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    # Checked against ``AuditEventType`` by ``record_event``, not by a database choice list, so that a
    # new kind of record needs no migration of the audit table.
    event_type = models.CharField(max_length=60, db_index=True)
    record_type = models.CharField(max_length=100, help_text="app_label.model of the record")
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=200)
    visibility = models.CharField(max_length=10, default="shared")
    owner_party = models.ForeignKey(
        "partnerships.Party", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=list, help_text='[{"field", "before", "after"}, ...]')
    details = models.JSONField(default=dict, blank=True, help_text="Structured facts of the event, by event type.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "-at"]),
            models.Index(fields=["organization", "-at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=False) | Q(organization__isnull=False),
                name="audit_event_belongs_to_a_trail",
            ),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_action_display()} {self.record_label}"

    @property
    def verb(self) -> str:
        return self.get_action_display()

    def get_event_type_display(self) -> str:
        """The event type in words ("indicator created"), or its code when no longer listed."""
        try:
            return AuditEventType(self.event_type).label
        except ValueError:
            return self.event_type
