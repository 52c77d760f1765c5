"""Signals of procurement for higher apps (they may not be imported here)."""

from django.dispatch import Signal

# Sent after ``VersionedEdit.apply_edit`` wrote a row with a conditional UPDATE (no post_save
# then): ``sender`` is the model, ``instance`` the row as saved. The search index listens.
edit_applied = Signal()
