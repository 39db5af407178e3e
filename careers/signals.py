"""Derived data only: the places' search documents (careers.search), written when the
transaction that changed them commits."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from actors.models import Actor

from .models import Occupation, OccupationField, Place


def _schedule(place_ids):
    """Rewrite these places' documents when the current transaction commits (at once outside
    one); a rolled-back transaction writes nothing."""
    ids = list(place_ids)
    if ids:
        from .search import refresh_place_documents

        transaction.on_commit(lambda: refresh_place_documents(ids))


@receiver(post_save, sender=Place, dispatch_uid="careers-place-index")
def place_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule([instance.pk])


@receiver(post_save, sender=Occupation, dispatch_uid="careers-occupation-index")
def occupation_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        _schedule(instance.places.values_list("pk", flat=True))


@receiver(post_save, sender=OccupationField, dispatch_uid="careers-field-index")
def field_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        _schedule(Place.objects.filter(occupation__field=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Actor, dispatch_uid="careers-actor-index")
def actor_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        _schedule(instance.places.values_list("pk", flat=True))
