"""A county's regional action programme: the programme, its themes and its
numbered measures, which the pledges' measures serve."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import County
from actors.pagecache import county_changed
from actors.rules import reach
from actors.search import search_words

from ..ordering import OrderedQuerySet
from .reference import FIRST_YEAR, LAST_YEAR, EnvironmentalObjective, GlobalGoal, years_out_of_range


class ProgrammeQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The programmes of the counties `user` coordinates."""
        return self.filter(reach(user, county="county_id"))


class Programme(models.Model):
    """A county's regional action programme for the environmental objectives."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("namn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till år"))
    url = models.URLField(_("länk till programmet"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärdsprogram")
        verbose_name_plural = _("åtgärdsprogram")
        ordering = ["county", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="programme_period_order"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="programme_years_in_range",
            ),
            models.UniqueConstraint(fields=["county", "name"], name="programme_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_year}–{self.end_year})"

    # The programme shows on its county's public pages, its pledges' (the numbers of
    # the programme measures they serve) and in the list's filters (actors/pagecache.py).
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        county_changed(self.county)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        county_changed(self.county)
        return result

    def clean(self):
        super().clean()
        errors = years_out_of_range(start_year=self.start_year, end_year=self.end_year)
        if errors:
            raise ValidationError(errors)


class Theme(models.Model):
    """A theme of an action programme, e.g. "Klimat och energi"."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("åtgärdsprogram"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = OrderedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
        ordering = ["programme", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="theme_unique_name")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        county_changed(self.programme.county)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        county_changed(self.programme.county)
        return result


class ProgrammeMeasureQuerySet(models.QuerySet):
    def search(self, county, query: str):
        """The county's programme measures matching every word of `query`: a number,
        or words of a theme, a title or a text."""
        matches = self.filter(theme__programme__county=county)
        for word in search_words(query):
            matches = matches.filter(
                Q(number__iexact=word.strip(",."))
                | Q(theme__name__icontains=word)
                | Q(title__icontains=word)
                | Q(description__icontains=word)
            )
        return matches


class ProgrammeMeasure(models.Model):
    """A numbered measure of an action programme. Numbers are unique within a theme."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("tema"), on_delete=models.CASCADE, related_name="measures"
    )
    number = models.CharField(_("nummer"), max_length=10)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    objectives = models.ManyToManyField(
        EnvironmentalObjective, verbose_name=_("miljökvalitetsmål"), blank=True
    )
    global_goals = models.ManyToManyField(GlobalGoal, verbose_name=_("globala mål"), blank=True)

    history = HistoricalRecords(m2m_fields=[objectives, global_goals])

    objects = ProgrammeMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd i åtgärdsprogrammet")
        verbose_name_plural = _("åtgärder i åtgärdsprogrammet")
        # Numbers are text ("36", "3a"); shorter first keeps 9 before 10.
        ordering = ["theme__programme", "theme__order", Length("number"), "number"]
        constraints = [
            # "3a" is measure 3A: numbers are unique within a theme whatever their case.
            models.UniqueConstraint(
                Lower("number"),
                F("theme"),
                name="programmemeasure_unique",
                violation_error_message=_("Temat har redan en åtgärd med det numret."),
            )
        ]

    def __str__(self):
        label = gettext("Åtgärd %(number)s, tema %(theme)s") % {
            "number": self.number,
            "theme": self.theme.name,
        }
        return f"{label}: {self.title}" if self.title else label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        county_changed(self.theme.programme.county)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        county_changed(self.theme.programme.county)
        return result
