"""Region scoping: which rows a Bildungsbüro's staff may see and edit.

One table, ``REGION_PATHS``, says for every model how a row reaches its region. Everything that
scopes by region reads it: the permission backend (``regions.auth``), the admin mixin
(``regions.admin_scoping``), the import resources and the monitoring.

A staff user works for the regions of their ``regions.StaffMembership`` rows, with the role
recorded there. Superusers are not scoped.
"""

from django.db.models import Q

from .models import StaffMembership

# model label → the lookup path(s) from a row to its region's primary key.
#   None: region-less reference data (life stages, topics, transitions): the same for all.
#   a tuple: the row belongs to every region any of the paths reaches (users).
REGION_PATHS = {
    "regions.region": "pk",
    "regions.municipality": "region",
    "regions.postalcode": "municipality__region",
    "regions.focusarea": "region",
    "regions.document": "region",
    "regions.fundingprogramme": "region",
    "regions.staffmembership": "region",
    # A feedback without region concerns the portal as a whole, which the Land runs: only
    # superusers see it (a Bildungsbüro cannot fix the portal's own accessibility).
    "regions.accessibilityfeedback": "region",
    # Impressum, Datenschutz, Barrierefreiheit: the operator's, kept at Land level only.
    "regions.legaldetails": None,
    # "War diese Seite hilfreich?": the region of the offer or event. (The search statistics
    # have no ModelAdmin: /admin/suchanfragen/ narrows them to the staff's regions itself.)
    "usage.pagefeedback": "region",
    "actors.actor": "region",
    "actors.institutionmembership": "actor__region",
    "actors.workinggroup": "region",
    "actors.workinggroupmembership": "working_group__region",
    "actors.meeting": "working_group__region",
    "offers.lifestage": None,
    "offers.transition": None,
    "offers.topic": None,
    "offers.offer": "region",
    "offers.event": "region",
    "offers.changerequest": "region",
    "funding.call": "programme__region",
    "funding.criterion": "call__programme__region",
    "funding.question": "call__programme__region",
    "funding.application": "call__programme__region",
    "funding.costline": "application__call__programme__region",
    "funding.answer": "application__call__programme__region",
    "funding.attachment": "application__call__programme__region",
    "funding.reportfile": "application__call__programme__region",
    "funding.review": "application__call__programme__region",
    "funding.score": "review__application__call__programme__region",
    "careers.occupationfield": None,
    "careers.occupation": None,
    "careers.place": "region",
    "portal.eventoccupationfield": "event__region",
    "bildungsregion.user": ("staff_memberships__region", "institution_memberships__actor__region"),
    # The search's thesaurus acts on every region: kept at Land level (superusers) only.
    "bildungsregion.thesaurusentry": None,
    # The office's list of broken links: the region id the link check copied from the entry
    # (a plain number, the bottom floor knows no regions).
    "bildungsregion.brokenlink": "region_id",
}


class UnscopedModel(LookupError):
    """A model that REGION_PATHS does not know: refuse rather than show everything."""


def _label(model):
    return model._meta.label_lower


def is_scoped(model):
    """True for models whose rows belong to a region, False for shared reference data."""
    try:
        return REGION_PATHS[_label(model)] is not None
    except KeyError:
        raise UnscopedModel(_label(model)) from None


def region_paths(model):
    paths = REGION_PATHS.get(_label(model))
    if paths is None:
        return ()
    return paths if isinstance(paths, tuple) else (paths,)


def region_roles(user):
    """{region_id: role} of a user's staff memberships, cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_region_roles_cache", None)
    if cached is None:
        cached = dict(StaffMembership.objects.filter(user=user).values_list("region_id", "role"))
        user._region_roles_cache = cached
    return cached


def staff_region_ids(user):
    return set(region_roles(user))


def region_q(model, region_ids):
    """A Q object selecting the rows of ``model`` that belong to one of ``region_ids``."""
    paths = region_paths(model)
    if not paths:
        return Q()
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{path}__in": region_ids} if path != "pk" else {"pk__in": region_ids})
    return query


def _is_multi_valued(model, path):
    opts = model._meta
    for name in path.split("__"):
        if name == "pk":
            return False
        field = opts.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        opts = field.related_model._meta if field.related_model else opts
    return False


def for_regions(queryset, region_ids):
    """Rows of ``queryset`` that belong to one of ``region_ids`` (no duplicate rows)."""
    model = queryset.model
    if not is_scoped(model):
        return queryset
    condition = region_q(model, region_ids)
    if any(_is_multi_valued(model, path) for path in region_paths(model)):
        return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def within_regions(queryset, region_ids):
    """Rows of ``queryset`` that belong to some region and to none outside ``region_ids``.
    The same as ``for_regions`` for rows of one region; for rows of several (users) it keeps
    only those all of whose regions are listed. Two queries more for such rows."""
    model = queryset.model
    if not isinstance(REGION_PATHS.get(_label(model)), tuple):
        return for_regions(queryset, region_ids)
    candidates = model._default_manager.filter(
        pk__in=for_regions(queryset, region_ids).values("pk")
    )
    regions = {}
    for path in region_paths(model):
        for pk, region_id in candidates.values_list("pk", path):
            regions.setdefault(pk, set())
            if region_id is not None:
                regions[pk].add(region_id)
    allowed = set(region_ids)
    return queryset.filter(pk__in=[pk for pk, ids in regions.items() if ids and ids <= allowed])


def scope_queryset(queryset, user):
    """What ``user`` may see of ``queryset``: everything for superusers, the rows of their
    regions for staff, nothing for anybody else. Reference data is visible to all staff."""
    if user.is_active and user.is_superuser:
        return queryset
    region_ids = staff_region_ids(user)
    if not region_ids:
        return queryset.none()
    return for_regions(queryset, region_ids)


def regions_of(obj):
    """The ids of the regions an object belongs to (a set; empty for reference data and for
    rows without region). Cached on the object; plain foreign-key paths cost no query once the
    related rows are loaded."""
    cached = getattr(obj, "_scope_region_ids", None)
    if cached is not None:
        return cached
    model = type(obj)
    ids = set()
    for path in region_paths(model):
        if path == "pk":
            ids.add(obj.pk)
        elif _is_multi_valued(model, path):
            if obj.pk is not None:
                values = model._default_manager.filter(pk=obj.pk).values_list(path, flat=True)
                ids.update(value for value in values if value is not None)
        else:
            *hops, last = path.split("__")
            target = obj
            for hop in hops:
                target = getattr(target, hop, None)
                if target is None:
                    break
            if target is not None:
                # A foreign key's column (region → region_id), or a plain id column.
                value = getattr(target, target._meta.get_field(last).attname, None)
                if value is not None:
                    ids.add(value)
    obj._scope_region_ids = ids
    return ids
