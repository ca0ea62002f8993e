"""The HTTP API, the command line and (later) the officer UI and sign-in."""
