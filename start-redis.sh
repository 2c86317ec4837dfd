#!/usr/bin/env bash
# Starts the developer Redis with the kit's configuration (`redis-testkit start`): the same capped
# Redis the tests get, on 127.0.0.1:6379 unless REDIS_TESTKIT_PORT says otherwise. Idempotent.
# `redis-testkit env` lists the REDIS_TESTKIT_* variables; ./stop-redis.sh stops it.
# REDIS_TESTKIT_TOPOLOGY=cluster ./start-redis.sh starts a Redis Cluster instead (3 masters by
# default), its first node on 6379: `redis-cli -c -p 6379` follows the redirects to the others.
exec "$(dirname "${BASH_SOURCE[0]}")/scripts/redis-testkit-cli.sh" start "$@"
