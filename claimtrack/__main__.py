"""``python -m claimtrack``: the same command, with the same exit status as ``claimtrack``."""

import sys

from claimtrack.cli import main

# With standalone_mode off, click returns the status a command exits with (`ctx.exit(1)`);
# other return values are the command's own and mean success.
status = main()
sys.exit(status if type(status) is int else 0)
