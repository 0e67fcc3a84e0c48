"""The POS's use cases, without Textual: what the screens and the CLI ask, in plain Python.

Screens ask and render; the rules of a use case (which customer stands for a walk-in
sale, which account takes the drawer's cash, whether the terminal is ready to sell) live
here, testable without a terminal. See ARCHITECTURE.md, "The application layer".
"""
