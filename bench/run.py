"""Benchmarks, run by `make bench`: the matching engine on a national-size network (bench/matching.py)
and the key figures and annual report of the largest partnership (bench/rapportage.py, PostgreSQL).

    .venv/bin/python bench/run.py                        # both (= make bench)
    .venv/bin/python bench/run.py --quick                # both as a smoke run (matching --quick, rapportage mini)
    .venv/bin/python bench/run.py matching [args]        # one of them, arguments passed on
    .venv/bin/python bench/run.py rapportage [args]

Figures: docs/performance.md.
"""

import sys

import matching  # bench/ is on sys.path as the directory of this script
import rapportage

BENCHMARKS = {"matching": matching.main, "rapportage": rapportage.main}


def main(argv: list[str]) -> int:
    if argv and argv[0] in BENCHMARKS:
        return BENCHMARKS[argv[0]](argv[1:])
    if argv and argv[0] == "alles":
        argv = argv[1:]
    if set(argv) - {"--quick"}:
        print(f"Onbekende argumenten voor beide benchmarks: {' '.join(argv)}; zie {__file__} of docs/performance.md.")
        return 2
    quick = "--quick" in argv
    uitkomst = matching.main(["--quick"] if quick else [])
    print()
    return max(uitkomst, rapportage.main(["--schaal", "mini", "--herhalingen", "1"] if quick else []))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
