"""The project's tests (a package, so `tests.conftest` is this folder, not a site-packages one)."""
