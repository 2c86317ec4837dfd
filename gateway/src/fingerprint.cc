#include "signal_gateway/fingerprint.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace signal_gateway {
namespace {

std::string DigestHex(const EVP_MD* md, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) {
    throw std::runtime_error("OpenSSL EVP digest failed (is libcrypto usable?)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(std::size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view data) { return DigestHex(EVP_sha256(), data); }

std::string Sha1Hex(std::string_view data) { return DigestHex(EVP_sha1(), data); }

std::string ComputeFingerprint(std::string_view alertname, const Resource& resource) {
  std::string input;
  input.reserve(alertname.size() + resource.ns.size() + resource.kind.size() +
                resource.name.size() + 3);
  input.append(alertname).append(":").append(resource.ns).append(":");
  input.append(resource.kind).append(":").append(resource.name);
  return Sha256Hex(input);
}

}  // namespace signal_gateway
