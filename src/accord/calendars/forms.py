from accord.core.forms import model_fields_form

from .models import ReminderPreference
from .services import REMINDER_FIELDS

ReminderPreferenceForm = model_fields_form(ReminderPreference, REMINDER_FIELDS, labels={
    "meeting_reminders": "Meeting reminders", "action_reminders": "Action reminders",
    "weekly_digest": "Weekly digest"})
