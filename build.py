#!/usr/bin/env python3
"""Build the Nottingham SEND Local Offer website from content/ into site/.

    python build.py          check the content, then build site/
    python build.py check    check the content only
    python build.py serve    preview on http://127.0.0.1:8000, rebuilding on every change
"""
import sys

from localoffer.cli import main

if __name__ == "__main__":
    sys.exit(main())
