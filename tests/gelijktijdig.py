"""Work started in several threads at the same moment, for the concurrency tests on PostgreSQL."""

import threading

from django.db import connection


def tegelijk(n: int, werk, *, wachten: int = 180) -> list:
    """Run `werk(i)` in `n` threads that start together; their results, or the errors they raised."""
    start = threading.Barrier(n, timeout=60)
    uitslag = [None] * n

    def draad(i):
        try:
            start.wait()
            uitslag[i] = werk(i)
        except Exception as fout:  # noqa: BLE001 - reported by the callers' assertions
            uitslag[i] = fout
        finally:
            connection.close()

    draden = [threading.Thread(target=draad, args=(i,)) for i in range(n)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=wachten)
    return uitslag
