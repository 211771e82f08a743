"""Reference data: the environmental objectives and the global goals, named in
Swedish and English, and the years any plan in the portal may be about."""

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Reference rows named in Swedish and English; `name` follows the page's language."""

    name_sv = models.CharField(_("namn (svenska)"), max_length=200)
    name_en = models.CharField(_("namn (engelska)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class EnvironmentalObjective(BilingualName):
    """One of the 16 environmental quality objectives, or the generational goal (0)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)

    class Meta:
        verbose_name = _("miljökvalitetsmål")
        verbose_name_plural = _("miljökvalitetsmål")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}" if self.number else self.name


class GlobalGoal(BilingualName):
    """One of the 17 global goals of Agenda 2030."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)

    class Meta:
        verbose_name = _("globalt mål")
        verbose_name_plural = _("globala mål")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


# The years a pledge, a programme or a follow-up round can be about: a year outside
# them is a typing error ("3100"), not a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def years_out_of_range(**years) -> dict[str, list[str]]:
    """{field name: [message]} for each of the given years outside FIRST_YEAR–LAST_YEAR."""
    message = gettext("Skriv ett årtal mellan %(first)s och %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }
    return {
        name: [message]
        for name, year in years.items()
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR
    }
