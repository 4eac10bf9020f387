"""`python -m artgen ...`: see artgen.cli."""

from .cli import main

raise SystemExit(main())
