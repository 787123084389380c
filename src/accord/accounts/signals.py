"""What other areas may react to in an account's life, without accounts knowing them."""

from django.dispatch import Signal

# Sent (``user``, ``reset``) inside the transaction of a password change or reset: whatever a person's old
# password could reach without signing in again (API tokens here; a calendar's secret address) is replaced.
password_changed = Signal()
