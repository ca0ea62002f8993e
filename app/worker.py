"""Entry module for Dramatiq workers: configures the broker, then declares every actor."""

from services.registry import load_services
from tenancy.jobs import configure_broker

broker = configure_broker()
load_services()

import services.core.actors  # noqa: E402,F401
