"""Corpus and pipeline: reading inputs and tables, metadata, the worker pipeline, caches, Dask."""
