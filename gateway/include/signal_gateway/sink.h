// Where remediation requests go. The gateway calls Publish once per create/update, after the
// Redis step succeeded. Implementations must be thread-safe (HTTP worker threads call it).
#pragma once

#include <stdexcept>

#include "signal_gateway/remediation_request.h"

namespace signal_gateway {

enum class SinkAction { kCreated, kUpdated };

// "created" / "updated".
const char* ActionName(SinkAction action);

struct SinkEvent {
  SinkAction action = SinkAction::kCreated;
  RemediationRequest request;
};

// The sink could not take an event (disk full, permission, downstream unavailable).
class SinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Returns once the event is taken; throws (SinkError) when it is not. A create that throws
  // makes the gateway answer 503 and release the create's claim in Redis, so that the
  // sender's retry creates the request: a sink must not take an event and then throw.
  virtual void Publish(const SinkEvent& event) = 0;
};

}  // namespace signal_gateway
