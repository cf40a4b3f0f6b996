"""Tests for the dateline formatter."""

import pytest
from newsroom.dateline import format_dateline


class TestDateline:
    """Datelines for Ukrainian cities, e.g. KYIV for a story filed in Kiev."""

    def test_capital(self):
        # A story filed in Kiev gets the upper-case house spelling.
        assert format_dateline("Kiev") == "KYIV"

    def test_kharkov_alias(self):
        """The old key still works for Kharkov stories."""
        assert format_dateline("kharkov") == "KHARKIV"

    @pytest.mark.parametrize("raw", ["Odessa", "odessa", " ODESSA "])
    def test_odessa(self, raw):
        assert format_dateline(raw) == "ODESA"

    def test_texas(self):
        # Odessa, Texas is another city; its dateline keeps its spelling.
        assert format_dateline("Odessa, Texas") == "ODESSA, Texas"
