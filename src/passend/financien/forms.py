from decimal import Decimal

from django import forms

BEDRAG = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


def _bedrag(label: str, **kwargs):
    return forms.DecimalField(
        label=label,
        error_messages={
            "required": "Vul een bedrag in.",
            "invalid": "Vul een bedrag in, bijvoorbeeld 1250,00.",
            "max_decimal_places": "Gebruik hoogstens twee cijfers achter de komma.",
            "min_value": "Vul een bedrag van 0 of meer in.",
        },
        localize=True,
        **BEDRAG,
        **kwargs,
    )


class BufferForm(forms.Form):
    bedrag = _bedrag("Bedrag uit de post onvoorzien")
    reden = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom is dit nodig? De reden staat bij de boeking en in de auditlog.",
        error_messages={"required": "Schrijf op waarom de post onvoorzien wordt ingezet."},
    )


class BudgetForm(forms.Form):
    bedrag = _bedrag("Nieuw budget voor deze post")
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Schrijf op waarom het budget verandert."},
    )
