"""What drf-spectacular cannot read from the lists' FilterSets by itself: the type of the
filters that take a slug through a filter method (life stage, topic, transition) and of the
start month, whose choices are computed per day. Annotated here, in the API, so that the
FilterSets stay as the pages use them."""

from drf_spectacular.utils import extend_schema_field

from careers.filters import PlaceFilter
from offers.filters import OfferFilter

SLUG = {"type": "string"}
MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}

for name in ("lebensphase", "thema", "uebergang"):
    extend_schema_field(SLUG)(OfferFilter.base_filters[name])
extend_schema_field(MONTH)(PlaceFilter.base_filters["beginn"])
