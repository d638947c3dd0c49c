"""The Qt-free rules: programmes, decisions, receipts, identity, formatting."""

DEFAULT_PROGRAMME = "oga_2005"  # resources/rules/oga_2005.toml: circular 7/2005
