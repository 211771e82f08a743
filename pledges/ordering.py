"""Rows kept in the order their `order` field gives, within their parent
(a programme's themes, one party's measures of a pledge)."""

from django.db import models
from django.db.models import Max


class OrderedQuerySet(models.QuerySet):
    def next_order(self) -> int:
        """The order a row added after these takes: one past the last (1 for the first)."""
        return (self.aggregate(last=Max("order"))["last"] or 0) + 1
