"""`python -m generator` runs the command line."""

import sys

from generator.cli.main import main

sys.exit(main())
