"""FNSP open-data pipeline."""
