"""round_urls of the follow-up; see followup/urls.py."""

urlpatterns = []
