"""``python app.py [--host H] [--port P]``: the web app, the same as ``postmortem serve``.

A thin launcher kept at the repository root; the app itself is ``assistant.web``.
"""

from __future__ import annotations

from assistant.web.app import main

if __name__ == "__main__":
    main()
