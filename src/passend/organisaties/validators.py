import re

from django.core.exceptions import ValidationError

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
# BRIN (two digits, two letters) plus an optional two-digit vestigingsnummer, e.g. 12AB or 12AB00.
_INSTELLINGSCODE = re.compile(r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")
_SWV_CODE = re.compile(r"^PO [0-9]{2}\.[0-9]{2}$")


def normalise_postcode(value: str) -> str:
    match = _POSTCODE.match((value or "").strip())
    if not match:
        return value
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    if not _POSTCODE.match((value or "").strip()):
        raise ValidationError("Vul een Nederlandse postcode in: vier cijfers en twee letters, bijvoorbeeld 1234 AB.")
    if normalise_postcode(value)[5:] in {"SA", "SD", "SS"}:
        raise ValidationError("Deze postcode bestaat niet: de lettercombinaties SA, SD en SS worden niet gebruikt.")


def validate_instellingscode(value: str) -> None:
    if not _INSTELLINGSCODE.fullmatch(value or ""):
        raise ValidationError(
            "Een instellingscode bestaat uit het BRIN-nummer (twee cijfers en twee hoofdletters) "
            "en eventueel twee cijfers voor de vestiging, bijvoorbeeld 12AB of 12AB00."
        )


def validate_swv_code(value: str) -> None:
    if not _SWV_CODE.fullmatch(value or ""):
        raise ValidationError("Gebruik de landelijke code van het samenwerkingsverband, bijvoorbeeld PO 20.01.")


def validate_latitude(value) -> None:
    if value is not None and not (50.7 <= float(value) <= 53.6):
        raise ValidationError("Deze breedtegraad ligt niet in Nederland (tussen 50,7 en 53,6).")


def validate_longitude(value) -> None:
    if value is not None and not (3.3 <= float(value) <= 7.3):
        raise ValidationError("Deze lengtegraad ligt niet in Nederland (tussen 3,3 en 7,3).")
