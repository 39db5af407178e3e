"""The receivers that keep the search index and the offer list's table right (offers.indexing
says the rule). Connected in OffersConfig.ready(); nothing else in the project indexes."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import indexing
from .models import LifeStage, Offer, Topic, Transition


def _index_saved(sender, instance, using, **kwargs):
    indexing.mark_rows(sender, [instance.pk], using=using)


def _index_deleted_offer(sender, instance, using, **kwargs):
    """An offer went: the refresh takes its words out of the "Meinten Sie" list (its
    document and list row went with it)."""
    indexing.mark_rows(Offer, [instance.pk], using=using)


def _see_shown_fields(sender, instance, using, update_fields=None, **kwargs):
    """Before a save: did a field that other rows show change? (One query, for rows that
    exist already.)"""
    fields, _targets = indexing.SHOWN[sender]
    if instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(fields):
        return
    stored = sender._default_manager.using(using).filter(pk=instance.pk).values(*fields).first()
    if stored is not None and any(stored[name] != getattr(instance, name) for name in fields):
        indexing.mark_shown(sender, [instance.pk], using=using)


def _index_before_link_delete(sender, instance, using, **kwargs):
    """A topic, life stage or transition goes, and its links to offers with it (no m2m
    signal): re-index those offers once it is gone."""
    field = {Topic: "topics", LifeStage: "life_stages", Transition: "transitions"}[sender]
    offers = Offer._default_manager.using(using).filter(**{field: instance}).order_by()
    indexing.mark_rows(Offer, list(offers.values_list("pk", flat=True)), using=using)


def _index_links(sender, instance, action, reverse, pk_set, using, **kwargs):
    """An offer's topics, life stages or transitions changed, from either side."""
    if not reverse:
        if action.startswith("post_"):
            indexing.mark_rows(Offer, [instance.pk], using=using)
        return
    if action in ("post_add", "post_remove"):
        indexing.mark_rows(Offer, pk_set, using=using)
    elif action == "pre_clear":  # topic.offers.clear(): which offers, before they go
        links = sender._default_manager.using(using).filter(**{_target_field(sender): instance})
        indexing.mark_rows(Offer, list(links.values_list("offer_id", flat=True)), using=using)


def _target_field(through):
    """The link table's column that points to the topic / life stage / transition."""
    target = indexing.LINKED[through]
    return next(
        field.name
        for field in through._meta.get_fields()
        if getattr(field, "related_model", None) is target
    )


for _model in indexing.INDEXED:
    post_save.connect(_index_saved, sender=_model, dispatch_uid=f"index-{_model._meta.label}")
post_delete.connect(_index_deleted_offer, sender=Offer, dispatch_uid="index-deleted-offer")
for _model in indexing.SHOWN:
    pre_save.connect(
        _see_shown_fields, sender=_model, dispatch_uid=f"index-shown-{_model._meta.label}"
    )
for _model in (Topic, LifeStage, Transition):
    pre_delete.connect(
        _index_before_link_delete,
        sender=_model,
        dispatch_uid=f"index-links-delete-{_model._meta.label}",
    )
for _through in indexing.LINKED:
    m2m_changed.connect(
        _index_links, sender=_through, dispatch_uid=f"index-links-{_through._meta.label}"
    )
