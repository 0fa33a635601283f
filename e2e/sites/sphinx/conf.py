# A small Sphinx project for the end-to-end tests (e2e/docs-sites.spec.ts),
# built by e2e/sites/build.mjs with Debian's python3-sphinx. It uses the
# extension as docs/embedding.md says, pinned to the tests' mpviz release.
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.join(here, "..", "..", "..")
sys.path.insert(0, os.path.join(repo, "integrations", "sphinx"))

project = "mpviz in Sphinx"
extensions = ["mpviz_sphinx"]
# The tests' mpviz server, serving the release layout (scripts/release.mjs).
mpviz_host = os.environ.get("MPVIZ_HOST", "https://mpviz.example.org")
# mpviz_version is the extension's own (the release it was written for).

# The documented host scripts, as files (a CSP with script-src 'self' runs
# them); drive.rst and frame.rst load them with a <script defer> of their own.
html_static_path = [os.path.join(repo, "docs", "examples")]
