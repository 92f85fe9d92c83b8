"""What the decision forum announces to the parts that follow its decisions up."""

from django.dispatch import Signal

# The minutes of a meeting are approved: its decisions are public. Sent in the approving
# transaction with `meeting`; the deadlines make the grants' report-back deadlines.
meeting_released = Signal()
