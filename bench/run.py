"""Benchmarks, run by `make bench`: the matching engine on a national-size network (bench/matching.py).

Arguments are passed on, e.g. `.venv/bin/python bench/run.py --quick`. Figures: docs/performance.md.
"""

import sys

import matching  # bench/ is on sys.path as the directory of this script

if __name__ == "__main__":
    sys.exit(matching.main(sys.argv[1:]))
