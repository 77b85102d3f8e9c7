"""Collect: RudderStack payloads into the raw layer, checked against the tracking plan."""
