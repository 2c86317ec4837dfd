// Fingerprints and digests (OpenSSL EVP SHA-256, lowercase hex).
#pragma once

#include <string>
#include <string_view>

#include "signal_gateway/signal.h"

namespace signal_gateway {

// Lowercase hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Lowercase hex SHA-1 of `data` (40 characters): the digest Redis names scripts by.
std::string Sha1Hex(std::string_view data);

// SHA-256 of "alertname:namespace:kind:name" (Prometheus) or "reason:namespace:kind:name" (event).
// The namespace is the resource's: empty for a Node (cluster-scoped).
std::string ComputeFingerprint(std::string_view alertname, const Resource& resource);

}  // namespace signal_gateway
