// Where remediation requests go. The gateway calls Publish once per create/update, after the
// Redis step succeeded. Implementations must be thread-safe (HTTP worker threads call it).
#pragma once

#include "signal_gateway/remediation_request.h"

namespace signal_gateway {

enum class SinkAction { kCreated, kUpdated };

// "created" / "updated".
const char* ActionName(SinkAction action);

struct SinkEvent {
  SinkAction action = SinkAction::kCreated;
  RemediationRequest request;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Must not throw for ordinary failures (log them); the Redis state is already written.
  virtual void Publish(const SinkEvent& event) = 0;
};

}  // namespace signal_gateway
