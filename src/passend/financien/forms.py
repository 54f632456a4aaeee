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


class _OpDePostpagina(forms.Form):
    """The line's page holds both forms: each its own ids (the field names stay the same)."""

    id_voorvoegsel = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_voorvoegsel}_%s")
        super().__init__(*args, **kwargs)


class BufferForm(_OpDePostpagina):
    id_voorvoegsel = "buffer"
    bedrag = _bedrag("Bedrag uit de post onvoorzien")
    reden = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom is dit nodig? De reden staat bij de boeking en in de auditlog.",
        error_messages={"required": "Schrijf op waarom de post onvoorzien wordt ingezet."},
    )


class BudgetForm(_OpDePostpagina):
    id_voorvoegsel = "budget"
    bedrag = _bedrag("Nieuw budget voor deze post")
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Schrijf op waarom het budget verandert."},
    )
