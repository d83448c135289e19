"""Serving a workshop to browsers (``secsc serve``): the web server beside the app.

It imports nothing from ``secsc_tui.app`` but the entry point of app processes
(``secsc_tui.app.served``): the app runs in processes of its own, one per tab.
"""
