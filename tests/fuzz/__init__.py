"""atheris fuzz targets (run as scripts; see tests/fuzz/README.md)."""
