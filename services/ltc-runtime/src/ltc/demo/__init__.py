"""The demo: replays the public data sets through the services' APIs."""
