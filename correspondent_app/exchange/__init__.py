"""Export packages to HQ and the HQ merge of many villages (no Qt here)."""
