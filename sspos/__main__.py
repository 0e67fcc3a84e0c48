from sspos.cli import main

raise SystemExit(main())
