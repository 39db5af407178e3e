"""Amounts of money as the portal writes them: German grouping in German ("50.000 €",
"1.500,50 €"), cents only where there are any, a space before the sign."""

from decimal import Decimal

from django.utils import formats


def format_euro(amount):
    """``amount`` (Decimal, int, None) as text; None gives ""."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return formats.number_format(amount, decimals, force_grouping=True) + " €"
