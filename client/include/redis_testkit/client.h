// Umbrella header of the Redis client layer.
#pragma once

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"
#include "redis_testkit/client/scan.h"
#include "redis_testkit/client/settings.h"
