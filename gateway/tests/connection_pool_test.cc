#include "test_redis.h"
