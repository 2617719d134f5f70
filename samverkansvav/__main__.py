import sys

from samverkansvav.cli import main

sys.exit(main())
