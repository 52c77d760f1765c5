"""Open Contracting Data Standard (OCDS 1.1): export trajectories as releases, import published tenders.

- ``schema``: the vendored OCDS 1.1.5 schemas with the extensions applied, and offline validation;
- ``export``: a trajectory as a release, an organisation's year as a release package;
- ``importer``: read an uploaded release, record or package into a ``TenderReference``.
"""
