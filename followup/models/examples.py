"""Good examples: what a county board lifts up on the front page and the theme pages,
an accepted measure report or a whole published pledge (the seed pledge's board
promises to "marknadsföra och lyfta fram … som goda exempel").

One model for both, in followup (the higher app), pointing to either: pledges never
needs to know of it. It shows only while what it points to is public: a report no
longer accepted, a pledge no longer published, and it is gone from the pages.
"""

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pledges.files import extension, validate_file_content
from pledges.models import Pledge

from ..validators import PICTURE_EXTENSIONS, validate_picture_size
from .reports import MeasureReport, Report


def good_example_picture_upload_to(instance, filename) -> str:
    """good-examples/<random>.<type>: a name that says nothing and cannot be guessed
    (the picture is served by a view that checks it is still shown)."""
    return f"good-examples/{secrets.token_urlsafe(24)}.{extension(filename)}"


class PictureFieldFile(FieldFile):
    """A good example's picture links to the portal's view, which serves it only while
    the example is shown and the actor agreed, never to MEDIA_URL."""

    @property
    def url(self):
        self._require_file()
        return reverse("followup:good_example_picture", kwargs={"pk": self.instance.pk})


class PictureField(models.FileField):
    attr_class = PictureFieldFile


class GoodExampleQuerySet(models.QuerySet):
    def shown(self):
        """The examples the public sees: of accepted reports and published pledges."""
        published = Pledge.PUBLISHED_STATUSES
        return self.filter(
            Q(
                measure_report__report__status=Report.Status.ACCEPTED,
                measure_report__report__pledge__status__in=published,
            )
            | Q(pledge__status__in=published)
        )

    def of_theme(self, theme):
        """Those whose measure (or one of whose pledge's measures) serves `theme`."""
        ids = self.filter(
            Q(measure_report__measure__links__programme_measure__theme=theme)
            | Q(pledge__measures__links__programme_measure__theme=theme)
        ).values("pk")
        return self.filter(pk__in=ids)

    def for_cards(self):
        return self.select_related(
            "pledge__actor",
            "measure_report__measure",
            "measure_report__report__pledge__actor",
        )


class GoodExample(models.Model):
    measure_report = models.OneToOneField(
        MeasureReport,
        verbose_name=_("åtgärdsrapport"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="good_example",
    )
    pledge = models.OneToOneField(
        Pledge,
        verbose_name=_("löfte"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="good_example",
    )
    text = models.TextField(
        _("varför det är ett gott exempel"),
        max_length=600,
        help_text=_("Några meningar som visas på startsidan och temasidorna."),
    )
    picture_consent = models.BooleanField(_("aktören har godkänt att bilden visas"), default=False)
    picture = PictureField(
        _("bild"),
        upload_to=good_example_picture_upload_to,
        max_length=255,
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=PICTURE_EXTENSIONS),
            validate_picture_size,
            validate_file_content,
        ],
        help_text=_("JPEG eller PNG, högst 2 MB. Visas bara om aktören har godkänt det."),
    )
    picture_description = models.CharField(
        _("bildtext för den som inte ser bilden"), max_length=200, blank=True
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("markerat av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("markerat"), auto_now_add=True)

    objects = GoodExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("gott exempel")
        verbose_name_plural = _("goda exempel")
        ordering = ["-marked_at", "-pk"]
        constraints = [
            # Of a measure report or of a pledge: exactly one.
            models.CheckConstraint(
                condition=Q(measure_report__isnull=True, pledge__isnull=False)
                | Q(measure_report__isnull=False, pledge__isnull=True),
                name="goodexample_of_one_thing",
            ),
            # A picture is kept only with the actor's consent.
            models.CheckConstraint(
                condition=Q(picture="") | Q(picture_consent=True),
                name="goodexample_picture_has_consent",
            ),
        ]

    def __str__(self):
        return str(self.subject_pledge)

    @property
    def subject_pledge(self):
        return self.pledge if self.pledge_id else self.measure_report.report.pledge

    @property
    def measure(self):
        return self.measure_report.measure if self.measure_report_id else None

    @property
    def shows_picture(self) -> bool:
        return bool(self.picture) and self.picture_consent

    def picture_url(self) -> str:
        return reverse("followup:good_example_picture", kwargs={"pk": self.pk})
