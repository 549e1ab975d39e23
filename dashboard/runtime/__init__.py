"""The runtime layer: reading articles, rule packs and configs, caches, the worker pool and Dask."""
