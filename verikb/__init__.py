"""verikb: turn study texts into a site whose claims are checked against real frameworks."""

__version__ = "0.1.0"
