"""What drf-spectacular cannot read from the lists' FilterSets by itself: the type of the
filters that take a slug through a filter method (life stage, topic, transition) and of the
start month, whose choices are computed per day. Annotated here, in the API, so that the
FilterSets stay as the pages use them."""

from drf_spectacular.utils import extend_schema_field

from careers.filters import PlaceFilter
from offers.filters import OfferFilter

for name in ("lebensphase", "thema", "uebergang"):
    slug_filter = OfferFilter.base_filters[name]
    extend_schema_field({"type": "string", "description": slug_filter.label})(slug_filter)
start = PlaceFilter.base_filters["beginn"]
extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": start.label})(
    start
)
