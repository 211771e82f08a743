"""The one signal of the pledges app, for what a later app keeps in step with it.

The apps depend one way (followup -> pledges -> actors): pledges cannot call the
follow-up app's open-data task when a pledge is signed, concluded or withdrawn, so it
says that what the public sees of a county has changed, and followup (its AppConfig)
listens. The pledge's workflow itself never depends on who listens.
"""

from django.dispatch import Signal

# Sent with `county_id` inside the transaction that makes the change; a receiver that
# queues work does so on commit.
published_data_changed = Signal()
