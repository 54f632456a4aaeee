"""Benchmarks: none yet. Load benchmarks over synthetic partnerships arrive with the dossier issue."""

print("No benchmarks yet.")
