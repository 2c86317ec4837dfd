#!/bin/sh
# Installed by the redis-testkit package: starts the developer Redis with the kit's configuration
# (`redis-testkit start`), the same capped Redis the tests get, on 127.0.0.1:6379 unless
# REDIS_TESTKIT_PORT says otherwise. Idempotent. `stop-redis.sh` stops it.
exec "$(dirname "$0")/redis-testkit" start "$@"
