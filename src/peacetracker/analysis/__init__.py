"""Analyses: snapshots, gaps, overlaps, timelines."""
