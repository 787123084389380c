"""Background tasks (django-tasks): one task per person, so one failing mailbox delays nobody else."""

from django_tasks import task

from accord.accounts.models import User

from .reminders import people_with_reminders, reminders_send


@task()
def send_reminders(user_id: int) -> int:
    """The person's due reminders and digest, judged at the time the task runs."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return reminders_send(user=user) if user is not None else 0


def reminders_enqueue() -> int:
    """Queue the reminder task for everyone who chose mail; how many were queued (for cron)."""
    people = people_with_reminders()
    for user_id in people:
        send_reminders.enqueue(user_id)
    return len(people)
