"""The pledge editor, under /arbetsyta/lofte/ in the `pledges` namespace."""

urlpatterns = []
