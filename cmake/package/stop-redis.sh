#!/bin/sh
# Installed by the redis-testkit package: stops the developer Redis `start-redis.sh` started
# (`redis-testkit stop`); succeeds when none runs.
exec "$(dirname "$0")/redis-testkit" stop "$@"
