"""``{{ amount|euro }}``: an amount as funding.money.format_euro writes it ("50.000 €")."""

from django import template

from funding.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    return format_euro(amount)
