"""Links between the apps of the middle floor, which may not import each other (portal is the
floor that sees them all)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from careers.models import OccupationField
from offers.models import Event


class EventOccupationField(models.Model):
    """A careers-guidance event (offers.Event) serves an occupational field (careers): the
    occupation pages of the field list the event."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="occupation_field_links",
    )
    field = models.ForeignKey(
        OccupationField,
        verbose_name=_("Berufsfeld"),
        on_delete=models.CASCADE,
        related_name="event_links",
    )

    class Meta:
        verbose_name = _("Berufsfeld der Veranstaltung")
        verbose_name_plural = _("Berufsfelder der Veranstaltung")
        ordering = ["event", "field__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "field"], name="portal_event_field_unique")
        ]

    def __str__(self):
        return f"{self.event} – {self.field}"
