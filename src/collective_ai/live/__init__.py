"""The live views (JupyterLab and Voila) as a learner should see them.

- :mod:`collective_ai.live.myst`: MyST roles and directives as plain Markdown (pure).
- :mod:`collective_ai.live.contents`: the Jupyter contents manager that applies it.
- :mod:`collective_ai.live.servers`: the commands that start JupyterLab and Voila, shared by
  the Makefile and the browser tests.
"""
