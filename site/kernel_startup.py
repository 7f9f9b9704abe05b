"""IPython start-up file for `make site` kernels: registers soleuslib's site plotly renderer.

The Makefile copies it into $IPYTHONDIR/profile_default/startup/ so that PLOTLY_RENDERER=soleus_site
is valid before any notebook cell imports plotly.
"""

import soleuslib.site

soleuslib.site.register()
