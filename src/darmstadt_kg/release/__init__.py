"""Versioned releases of the published dataset, with a changelog between consecutive ones.

A release is written by ``publish site --release VERSION`` into the site folder and kept by
every later build (``history``); what changed since the previous release is its exact RDF
difference, as two N-Quads files, and the same difference told per fact in German and English
(``changes``); a resource present in an earlier release and gone now gets a removal page
(``pages``). ``docs/releases.md`` describes the layout and the maintainer's workflow.
"""

__all__ = ["history", "changes", "pages"]
