"""soleuslib: the logic behind the soleus teaching notebooks.

Data flows one way: ``data/`` (facts) -> ``soleuslib`` (pure functions) -> notebooks -> site.
Sub-modules are imported on demand so that ``import soleuslib`` stays fast.
"""

from soleuslib.paths import DATA_DIR, REFERENCES_FILE, REPO_ROOT

__version__ = "0.1.0"

__all__ = ["DATA_DIR", "REFERENCES_FILE", "REPO_ROOT", "__version__"]
