"""Sphinx extension: the ``.. mpviz::`` directive embeds an mpviz walkthrough.

Usage (``conf.py``)::

    import os, sys
    sys.path.insert(0, os.path.abspath("path/to/mpviz/integrations/sphinx"))
    extensions = ["mpviz_sphinx"]
    mpviz_host = "https://mpviz.example.org"   # where mpviz releases are served
    mpviz_version = "0.1.0"                    # pinned: /v/0.1.0/ (the default)

and in a page::

    .. mpviz:: A Pool refuses the Lock: the task handler pickles it
       :scenario: 1
       :start: fork
       :step: 171

``:lang: zh-CN`` shows the embed (and writes its fallback link) in
Simplified Chinese; ``:lang: en`` in English; without it the embed follows
the reader's browser.

The argument is the frame's title, which screen readers announce: it is
required. Every page that uses the directive loads ``mpviz-embed.js`` from
the pinned release as a module (``<script type="module">``) and gets one
``<mpviz-embed>`` per directive, with a link to the full app inside it for
readers without JavaScript (and for builders other than HTML). With
``:form: iframe`` (or ``mpviz_form = "iframe"``) it writes a plain
``<iframe class="mpviz-frame">`` instead, which needs no script.

No inline style or script is written, so a page with a Content-Security-
Policy needs only ``frame-src`` (and, for the element, ``script-src``) for
the mpviz origin; see docs/embedding.md in the mpviz repository.

Tested with Sphinx 5.3 (Debian 12); uses nothing newer than Sphinx 3.5.
"""

from __future__ import annotations

import html
import os
from urllib.parse import urlencode

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx import addnodes
from sphinx.errors import ConfigError

# The mpviz release this extension was written against (package.json's version).
__version__ = "0.1.0"

SCENARIOS = range(1, 7)
START_METHODS = ("fork", "spawn", "forkserver")
PLATFORMS = ("linux", "macos", "windows")
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
CALLS = ("map", "imap")
MODES = ("lockstep", "free")
THEMES = ("light", "dark", "auto")
FORMS = ("element", "iframe")
LANGS = ("en", "zh-CN")

# The embed's address parameters, in the order the app writes them.
URL_PARAMS = ("scenario", "start", "os", "py", "call", "seed", "mode", "step", "lang")


def _choice(values):
    def check(argument):
        return directives.choice(argument, values)

    return check


def _scenario(argument):
    value = directives.nonnegative_int(argument)
    if value not in SCENARIOS:
        raise ValueError("scenario must be 1 to 6")
    return value


def _lang(argument):
    # Not directives.choice: it lowercases, and the embed's value is "zh-CN".
    value = (argument or "").strip()
    for lang in LANGS:
        if value.lower() == lang.lower():
            return lang
    raise ValueError("lang must be en or zh-CN (简体中文)")


def _seed(argument):
    value = directives.nonnegative_int(argument)
    if value > 4294967295:
        raise ValueError("seed must be 0 to 4294967295")
    return value


class MpvizDirective(Directive):
    """``.. mpviz:: Title for screen readers`` with the embed's parameters."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {
        "scenario": _scenario,
        "step": directives.nonnegative_int,
        "start": _choice(START_METHODS),
        "os": _choice(PLATFORMS),
        "py": _choice(PYTHONS),
        "call": _choice(CALLS),
        "seed": _seed,
        "mode": _choice(MODES),
        "autoplay": directives.flag,
        "nocontrols": directives.flag,
        "theme": _choice(THEMES),
        "height": directives.positive_int,
        "form": _choice(FORMS),
        "lang": _lang,
    }

    def run(self):
        env = self.state.document.settings.env
        config = env.config
        title = self.arguments[0].strip()
        if not title:
            raise self.error("mpviz: the title (the directive's argument) is required")
        base = release_url(config)
        query = {name: str(self.options[name]) for name in URL_PARAMS if name in self.options}
        embed_query = dict(query)
        if "autoplay" in self.options:
            embed_query["autoplay"] = "1"
        if "nocontrols" in self.options:
            embed_query["controls"] = "0"
        if "theme" in self.options:
            embed_query["theme"] = self.options["theme"]
        height = self.options.get("height", 640)
        form = self.options.get("form", config.mpviz_form)
        app_url = base + ("?" + urlencode(query) if query else "")
        # The link is the page's text for the embed: in the embed's language.
        link = (
            f"在 mpviz 中打开“{title}”"
            if self.options.get("lang") == "zh-CN"
            else f"Open “{title}” in mpviz"
        )

        if form == "iframe":
            src = base + "embed.html" + ("?" + urlencode(embed_query) if embed_query else "")
            markup = (
                f'<iframe class="mpviz-frame" src="{html.escape(src)}" '
                f'title="{html.escape(title)}" allow="cross-origin-isolated" '
                f'loading="lazy" width="100%" height="{height}"></iframe>'
            )
        else:
            attributes = "".join(
                f' {name}="{html.escape(value)}"' for name, value in embed_query.items()
            )
            markup = (
                f'<mpviz-embed{attributes} title="{html.escape(title)}" height="{height}px">'
                f'<a class="mpviz-fallback" href="{html.escape(app_url)}">{html.escape(link)}</a>'
                "</mpviz-embed>"
            )
        raw = nodes.raw("", markup, format="html", classes=["mpviz", f"mpviz-{form}"])
        # Builders other than HTML (PDF, text, man): a link to the app.
        only = addnodes.only(expr="not html")
        paragraph = nodes.paragraph()
        paragraph += nodes.reference("", link, refuri=app_url)
        only += paragraph
        return [raw, only]


def release_url(config) -> str:
    """The pinned release's folder: ``mpviz_url``, or ``<mpviz_host>/v/<mpviz_version>/``."""
    if config.mpviz_url:
        url = config.mpviz_url
    elif config.mpviz_host:
        url = f"{config.mpviz_host.rstrip('/')}/v/{config.mpviz_version}/"
    else:
        raise ConfigError(
            "mpviz_sphinx: set mpviz_host in conf.py (where mpviz releases are served, "
            'e.g. mpviz_host = "https://mpviz.example.org"), or mpviz_url'
        )
    return url if url.endswith("/") else url + "/"


def _check_config(app, config):
    if config.mpviz_form not in FORMS:
        raise ConfigError(f"mpviz_form must be one of {', '.join(FORMS)}")
    release_url(config)


def _add_static(app):
    static = os.path.join(os.path.dirname(__file__), "static")
    # A new list: conf.py may have given a tuple.
    app.config.html_static_path = [*app.config.html_static_path, static]


def _page_context(app, pagename, templatename, context, doctree):
    """Loads the element's script on the pages that have an ``<mpviz-embed>``, only."""
    if doctree is None:
        return
    find = getattr(doctree, "findall", None) or doctree.traverse
    if any("mpviz-element" in node["classes"] for node in find(nodes.raw)):
        app.add_js_file(release_url(app.config) + "mpviz-embed.js", type="module")


def setup(app):
    app.add_config_value("mpviz_host", "", "html", [str])
    app.add_config_value("mpviz_version", __version__, "html", [str])
    app.add_config_value("mpviz_url", "", "html", [str])
    app.add_config_value("mpviz_form", "element", "html", [str])
    app.add_directive("mpviz", MpvizDirective)
    app.add_css_file("mpviz.css")
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_context)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
