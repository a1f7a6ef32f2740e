#!/usr/bin/env python3
"""Build the Nottingham SEND Local Offer website from content/ into site/.

    python build.py          check the content, then build site/
    python build.py check    check the content only
    python build.py serve    preview on http://127.0.0.1:8000, rebuilding on every change
"""
import sys

if __name__ == "__main__":
    try:
        from localoffer.cli import main  # Ctrl-C while Python loads the builder is no error either
    except KeyboardInterrupt:
        print("Stopped. The previous site has been left as it was.", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
