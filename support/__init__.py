"""Helpers the tests (tests/) and the benchmarks (bench/) share; not part of the verikb package."""
