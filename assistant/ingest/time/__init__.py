"""Time parsing: timestamps in any layout, zones, inferred years and dates."""
