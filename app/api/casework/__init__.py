"""What every case service's routes share: wire shapes (:mod:`.shapes`) and request handling
(:mod:`.requests`: body conversion with pointed errors, record lookup, ETags)."""
