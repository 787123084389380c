from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    DELETE = "delete", "deleted"


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, party):
        """Events of shared records, plus events of ``party``'s own private records."""
        return self.filter(partnership_id=party.partnership_id).filter(
            Q(visibility="shared") | Q(owner_party=party)
        )


class AuditEvent(models.Model):
    """Who changed what, when, on behalf of which party. Written by services, never edited.

    ``visibility`` and ``owner_party`` are copied from the record at the time of the event,
    so the activity feed obeys the same visibility rule as the records themselves.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    acting_party = models.ForeignKey(
        "partnerships.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    record_type = models.CharField(max_length=100, help_text="app_label.model of the record")
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=200)
    visibility = models.CharField(max_length=10, default="shared")
    owner_party = models.ForeignKey(
        "partnerships.Party", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=list, help_text='[{"field", "before", "after"}, ...]')
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["partnership", "-at"])]

    def __str__(self):
        return f"{self.actor} {self.get_action_display()} {self.record_label}"

    @property
    def verb(self) -> str:
        return self.get_action_display()
