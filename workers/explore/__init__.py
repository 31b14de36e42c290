"""``khabar explore``: what the pipeline found, in a browser.

A small web application that follows khabar.enriched, khabar.clusters and the dead-letter
topic from the beginning (:mod:`follow`), keeps the records in an embedded SQLite database with
full-text search (:mod:`store`, :mod:`query`), and serves pages rendered on the server with
Jinja2 templates (:mod:`web`, :mod:`annotate`); read-only, bound to 127.0.0.1 by default.
"""
