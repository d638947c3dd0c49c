"""The case workflow, one module per step (see ``dialog.STEPS``)."""
