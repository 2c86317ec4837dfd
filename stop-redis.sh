#!/usr/bin/env bash
# Stops the developer Redis ./start-redis.sh started (`redis-testkit stop`), a cluster with every
# node; succeeds when none runs.
exec "$(dirname "${BASH_SOURCE[0]}")/scripts/redis-testkit-cli.sh" stop "$@"
