"""Provides reading a CRM's CSV export of deals: its formats, rows, stages and values, as one all-or-nothing Change."""
