// A server's settings as `CONFIG GET *` answers them: parameter name -> value. The cleanup layer
// compares them before and after a test; the ctest pool records them when a slot is fresh.
#pragma once

#include <map>
#include <string>

namespace redis_testkit::client {

class Connection;
class Reply;

using Settings = std::map<std::string, std::string>;

// The flat [name, value, name, value, ...] array of CONFIG GET as a map. Throws client::Error
// when the reply is not such an array.
Settings SettingsFromReply(const Reply& reply);
// One round trip: CONFIG GET *. Throws client errors (ReplyError when CONFIG is renamed away).
Settings ReadSettings(Connection& connection);

}  // namespace redis_testkit::client
