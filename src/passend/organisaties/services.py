"""Every write to organisation data: permission, validation, one transaction, audit."""

from django.db import transaction

from passend.core import audit
from passend.core.services import field_values, require
from passend.organisaties.models import Samenwerkingsverband


def _editable_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "editable", False)
        and not f.auto_created
        and not f.many_to_many
        and f.name not in ("id", "samenwerkingsverband")
    ]


def _split_many_to_many(model, data: dict) -> dict:
    """Take the many-to-many values (e.g. a Deskundige's expertises) out of `data`."""
    names = {f.name for f in model._meta.many_to_many}
    return {name: data.pop(name) for name in list(data) if name in names}


def _labels(values) -> str:
    return ", ".join(sorted(str(v) for v in values))


@transaction.atomic
def organisatie_create(*, actor, model, samenwerkingsverband: Samenwerkingsverband, data: dict):
    """Create a Deelverband, Schoolbestuur, School, Voorziening or Deskundige in a partnership."""
    grant = require(actor, "organisaties.manage", samenwerkingsverband)
    relations = _split_many_to_many(model, data)
    instance = model(samenwerkingsverband=samenwerkingsverband, **data)
    instance.full_clean(validate_constraints=False)
    instance.save()
    detail = field_values(instance, _editable_fields(model))
    for name, values in relations.items():
        getattr(instance, name).set(values)
        detail[name] = _labels(values)
    audit.log(audit.Action.CREATE, obj=instance, grant=grant, detail={"nieuw": detail})
    return instance


@transaction.atomic
def organisatie_update(*, actor, instance, data: dict):
    grant = require(actor, "organisaties.manage", instance)
    model = instance.__class__
    fields = _editable_fields(model)
    before = field_values(instance, fields)
    relations = _split_many_to_many(model, data)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean(validate_constraints=False)
    instance.save()
    after = field_values(instance, fields)
    changes = {name: {"oud": before[name], "nieuw": after[name]} for name in fields if before[name] != after[name]}
    for name, values in relations.items():
        old = _labels(getattr(instance, name).all())
        getattr(instance, name).set(values)
        if old != _labels(values):
            changes[name] = {"oud": old, "nieuw": _labels(values)}
    audit.log(audit.Action.UPDATE, obj=instance, grant=grant, detail={"wijzigingen": changes})
    return instance


# The partnership's norms for processing times, in weeks, with what each is for (form and API).
NORMEN = {
    "norm_signaal_besluit_weken": "Binnen hoeveel weken na het signaal over een leerling een besluit over de "
    "ondersteuning valt. Rapportage: aandeel binnen de norm.",
    "norm_aanvraag_besluit_weken": "Binnen hoeveel weken na een aanvraag het samenwerkingsverband besluit (voor een "
    "toelaatbaarheidsverklaring is dat wettelijk 6 weken). Rapportage: aandeel binnen de norm.",
    "norm_besluit_start_weken": "Binnen hoeveel weken na het besluit de ondersteuning begint. "
    "Rapportage: aandeel binnen de norm.",
}
SWV_VELDEN = ("naam", "basisondersteuning", "thuisnabij_km", *NORMEN)


@transaction.atomic
def samenwerkingsverband_update(*, actor, samenwerkingsverband: Samenwerkingsverband, data: dict):
    grant = require(actor, "organisaties.manage", samenwerkingsverband)
    before = field_values(samenwerkingsverband, SWV_VELDEN)
    for name in SWV_VELDEN:
        if name in data:
            setattr(samenwerkingsverband, name, data[name])
    samenwerkingsverband.full_clean()
    samenwerkingsverband.save()
    after = field_values(samenwerkingsverband, SWV_VELDEN)
    changes = {k: {"oud": before[k], "nieuw": after[k]} for k in before if before[k] != after[k]}
    audit.log(audit.Action.UPDATE, obj=samenwerkingsverband, grant=grant, detail={"wijzigingen": changes})
    return samenwerkingsverband
