"""Alerts for red, fatal and overdue review items: routing file, robot message formats, the sender (D62)."""
