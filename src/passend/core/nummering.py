"""Numbers that must never repeat or skip under concurrency: decision numbers and the like.

One counter row per partnership, series and year, incremented under a row lock inside the
caller's transaction: two decisions at the same moment wait for each other and get
consecutive numbers; a rolled-back decision gives its number back.
"""

from django.db import IntegrityError, transaction

from passend.core.models import Volgnummer


def volgend_nummer(*, samenwerkingsverband_id: int, reeks: str, jaar: int) -> int:
    """The next number in the series; call inside the transaction that uses it."""
    try:
        with transaction.atomic():
            Volgnummer.objects.get_or_create(samenwerkingsverband_id=samenwerkingsverband_id, reeks=reeks, jaar=jaar)
    except IntegrityError:
        pass  # someone else created the row first; the lock below waits for them
    teller = Volgnummer.objects.select_for_update().get(
        samenwerkingsverband_id=samenwerkingsverband_id, reeks=reeks, jaar=jaar
    )
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return teller.laatste


def besluitnummer(*, samenwerkingsverband_id: int, jaar: int) -> str:
    """A decision number as the letter shows it: year and a four-digit sequence, e.g. 2026-0007."""
    nummer = volgend_nummer(samenwerkingsverband_id=samenwerkingsverband_id, reeks="besluit", jaar=jaar)
    return f"{jaar}-{nummer:04d}"
