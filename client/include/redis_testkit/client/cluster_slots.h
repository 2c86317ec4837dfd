// Redis Cluster key slots: CRC16 (XMODEM: polynomial 0x1021, initial value 0) of the key, or of
// its hash tag, modulo 16384 - the rule of the Redis Cluster specification, so that keys sharing a
// hash tag ("{user1000}.following", "{user1000}.followers") land on one node.
#pragma once

#include <cstdint>
#include <string_view>

namespace redis_testkit::client {

inline constexpr int kClusterSlotCount = 16384;

// CRC16/XMODEM of `data`: Crc16("123456789") == 0x31C3.
std::uint16_t Crc16(std::string_view data);

// The part of `key` that is hashed: the text between the first '{' and the first '}' after it
// when that text is not empty, else the whole key ("foo{}{bar}" hashes whole, "foo{{bar}}" hashes
// "{bar", "foo{bar}{zap}" hashes "bar").
std::string_view HashTag(std::string_view key);

// The slot of `key`: Crc16(HashTag(key)) % 16384, in [0, 16383].
int KeySlot(std::string_view key);

}  // namespace redis_testkit::client
