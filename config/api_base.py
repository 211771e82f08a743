"""The API's throttle and pagination, apart from config/api.py: REST framework imports
them while its views are being defined, before the viewsets can be."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle


class ApiThrottle(AnonRateThrottle):
    """Every client alike (the API has no accounts), at API_THROTTLE_RATE, read when
    asked so that a test can change it."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
