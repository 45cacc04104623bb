"""Readers that turn input files into Evidence records."""
