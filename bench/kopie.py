"""Bulk loading with PostgreSQL COPY (psycopg 3), for the synthetic data of bench/rapportage_data.py.

`Tabel(model, kolommen)` names the columns a generator fills, by attname (`school_id`, not
`school`). Every other column of the model must be nullable or have a default: the default is
taken once from the model field and written in every row, so a field the app adds later with a
default does not break the generator. Ids are given here (`Tabel.nieuw_id()`), so rows can refer
to each other before they are written; `Lader.klaar()` moves each table's id sequence past them.

`Lader.zonder_indexen(tabellen)`, inside a transaction, drops the foreign keys, unique constraints and secondary
indexes of the tables to load and restores them afterwards (PostgreSQL builds an index or checks
a foreign key over the whole table far faster than row by row). Restoring them also checks the
generated data: a row that breaks a foreign key or a unique constraint stops the run there.
Primary keys and CHECK constraints stay in place and check every row as it is copied.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal

from psycopg.types.json import Jsonb


class Tabel:
    def __init__(self, model, kolommen: list[str]):
        from django.db.models.fields import NOT_PROVIDED

        self.model = model
        self.naam = model._meta.db_table
        velden = {f.attname: f for f in model._meta.concrete_fields}
        onbekend = [k for k in kolommen if k not in velden]
        if onbekend:
            raise ValueError(f"{self.naam}: onbekende kolommen {onbekend}")
        self.kolommen = [velden[k].column for k in kolommen]
        self.extra: tuple = ()
        for attname, veld in velden.items():
            if attname in kolommen or veld.primary_key and "id" in kolommen:
                continue
            if veld.has_default():
                self.kolommen.append(veld.column)
                self.extra += (_waarde(veld.get_default()),)
            elif veld.null or getattr(veld, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                continue
            else:
                raise ValueError(f"{self.naam}.{veld.column} is verplicht en heeft geen standaardwaarde")
        self.rijen: list[tuple] = []
        self.volgend = 1
        self.geschreven = 0

    def nieuw_id(self) -> int:
        waarde = self.volgend
        self.volgend += 1
        return waarde

    def rij(self, *waarden) -> None:
        self.rijen.append(waarden + self.extra if self.extra else waarden)


def _waarde(waarde):
    if isinstance(waarde, (dict, list)):
        return Jsonb(waarde)
    if isinstance(waarde, Decimal):
        return str(waarde)
    return waarde


class Lader:
    """One psycopg connection (Django's own), tables filled through COPY in batches."""

    def __init__(self, connection):
        self.connection = connection
        self.tabellen: dict[str, Tabel] = {}
        self.copy_seconden = 0.0

    def tabel(self, model, kolommen: list[str]) -> Tabel:
        tabel = Tabel(model, kolommen)
        with self.connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{tabel.naam}"')
            tabel.volgend = cursor.fetchone()[0]
        self.tabellen[tabel.naam] = tabel
        return tabel

    def schrijf(self) -> None:
        """Write every table's waiting rows (in the order the tables were declared)."""
        start = time.perf_counter()
        raw = self.connection.connection  # the psycopg connection under Django's wrapper
        with raw.cursor() as cursor:
            for tabel in self.tabellen.values():
                if not tabel.rijen:
                    continue
                kolommen = ", ".join(f'"{k}"' for k in tabel.kolommen)
                with cursor.copy(f'COPY "{tabel.naam}" ({kolommen}) FROM STDIN') as copy:
                    for rij in tabel.rijen:
                        copy.write_row(rij)
                tabel.geschreven += len(tabel.rijen)
                tabel.rijen = []
        self.copy_seconden += time.perf_counter() - start

    def klaar(self) -> None:
        self.schrijf()
        with self.connection.cursor() as cursor:
            for tabel in self.tabellen.values():
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM "
                    f'"{tabel.naam}"), 1))',
                    [tabel.naam],
                )

    @contextmanager
    def zonder_indexen(self, tabellen: Iterable[str], melding=print):
        """Drop foreign keys, unique constraints and secondary indexes of `tabellen` for the load."""
        tabellen = list(tabellen)
        with self.connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
                ORDER BY c.contype DESC
                """,
                [tabellen],
            )
            beperkingen = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype <> 'f')
                """,
                [tabellen],
            )
            indexen = cursor.fetchall()
            for tabel, naam, _, _ in beperkingen:
                cursor.execute(f'ALTER TABLE {tabel} DROP CONSTRAINT "{naam}"')
            for naam, _ in indexen:
                cursor.execute(f"DROP INDEX {naam}")
        yield  # on an error the caller's transaction rolls back, and the drops with it
        start = time.perf_counter()
        with self.connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _, definitie in indexen:
                cursor.execute(definitie)
            for soort in ("u", "f"):  # unique constraints first: foreign keys may need them
                for tabel, naam, definitie, contype in beperkingen:
                    if contype == soort:
                        cursor.execute(f'ALTER TABLE {tabel} ADD CONSTRAINT "{naam}" {definitie}')
        seconden = time.perf_counter() - start
        melding(f"  {len(indexen)} indexen en {len(beperkingen)} beperkingen hersteld in {seconden:.1f} s")
