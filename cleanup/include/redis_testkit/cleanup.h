// Umbrella header of the cleanup layer: what happens between tests.
#pragma once

#include "redis_testkit/cleanup/cleanup_session.h"
#include "redis_testkit/cleanup/flusher.h"
#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/cleanup/glob.h"
#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/cleanup/keyspace_snapshot.h"
#include "redis_testkit/cleanup/leak_classifier.h"
#include "redis_testkit/cleanup/leaked_key.h"
#include "redis_testkit/cleanup/log_format.h"
#include "redis_testkit/cleanup/report.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "redis_testkit/cleanup/report_writer.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/cleanup/test_record.h"
