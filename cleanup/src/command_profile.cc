// CommandProfile and KitCommands (see command_profile.h).
#include "redis_testkit/cleanup/command_profile.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "redis_testkit/cleanup/format_units.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kArgumentBytes = 64;
constexpr std::size_t kShownArguments = 16;

long long Lookup(const std::map<std::string, long long>& map, const std::string& key) {
  const auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

// The kit's INFO time estimate: the average of the INFO calls before the test (all the kit's
// own, or nearly: a test rarely runs INFO).
long long InfoUsecEstimate(const StatsSnapshot& before) {
  const long long calls = Lookup(before.command_calls, "info");
  return calls > 0 ? Lookup(before.command_usec, "info") / calls : 0;
}

bool IsKitCommand(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "info" || lower == "slowlog";
}

}  // namespace

void KitCommands::Add(std::string_view command, long long calls) {
  const std::lock_guard<std::mutex> lock(mutex_);
  calls_[std::string(command)] += calls;
}

void KitCommands::Add(const std::map<std::string, long long>& calls) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [command, count] : calls) calls_[command] += count;
}

void KitCommands::AddTime(std::string_view command, long long usec) {
  const std::lock_guard<std::mutex> lock(mutex_);
  usec_[std::string(command)] += usec;
}

std::map<std::string, long long> KitCommands::GetTimes() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return usec_;
}

std::map<std::string, long long> KitCommands::Get() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

void KitCommands::Clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  calls_.clear();
  usec_.clear();
}

std::vector<CommandFigures> CommandProfile::Delta(
    const StatsSnapshot& before, const StatsSnapshot& after,
    const std::map<std::string, long long>& kit, const std::map<std::string, long long>& kit_usec) {
  const long long info_usec = InfoUsecEstimate(before);
  std::vector<CommandFigures> out;
  for (const auto& [command, calls_after] : after.command_calls) {
    CommandFigures f;
    f.command = command;
    f.calls = CounterDiff(Lookup(before.command_calls, command), calls_after);
    f.usec = CounterDiff(Lookup(before.command_usec, command), Lookup(after.command_usec, command));
    const long long kit_calls = Lookup(kit, command);
    const long long test_calls = f.calls - kit_calls;
    if (test_calls <= 0) continue;
    // The kit's share of the time: measured, estimated (INFO) or in proportion to its calls.
    const auto measured = kit_usec.find(command);
    const long long kit_time = measured != kit_usec.end() ? measured->second
                               : command == "info"        ? kit_calls * info_usec
                                                   : f.usec * kit_calls / std::max(f.calls, 1LL);
    f.calls = test_calls;
    f.usec = std::max(0LL, f.usec - kit_time);
    out.push_back(std::move(f));
  }
  Sort(out);
  return out;
}

void CommandProfile::Sort(std::vector<CommandFigures>& commands) {
  std::sort(commands.begin(), commands.end(), [](const CommandFigures& a, const CommandFigures& b) {
    if (a.usec != b.usec) return a.usec > b.usec;
    if (a.calls != b.calls) return a.calls > b.calls;
    return a.command < b.command;
  });
}

void CommandProfile::Accumulate(std::vector<CommandFigures>& total,
                                const std::vector<CommandFigures>& more) {
  for (const CommandFigures& figures : more) {
    const auto it = std::find_if(total.begin(), total.end(), [&](const CommandFigures& t) {
      return t.command == figures.command;
    });
    if (it == total.end()) {
      total.push_back(figures);
    } else {
      it->calls += figures.calls;
      it->usec += figures.usec;
    }
  }
  Sort(total);
}

std::string CommandProfile::JoinArguments(const std::vector<client::Reply>& arguments) {
  std::string out;
  for (std::size_t i = 0; i < arguments.size() && i < kShownArguments; ++i) {
    const client::Reply& argument = arguments[i];
    std::string text = argument.type() == client::Reply::Type::kInteger
                           ? std::to_string(argument.AsInteger())
                           : argument.AsOptionalString().value_or("");
    if (text.size() > kArgumentBytes) text = text.substr(0, kArgumentBytes) + "...";
    out += (i == 0 ? "" : " ") + text;
  }
  if (arguments.size() > kShownArguments) {
    out += " ... (" + std::to_string(arguments.size()) + " arguments)";
  }
  return out;
}

std::vector<SlowCommand> CommandProfile::ParseSlowlog(const client::Reply& reply) {
  std::vector<SlowCommand> out;
  if (reply.type() != client::Reply::Type::kArray) return out;
  for (const client::Reply& entry : reply.AsArray()) {
    if (entry.type() != client::Reply::Type::kArray || entry.AsArray().size() < 4) continue;
    const std::vector<client::Reply>& fields = entry.AsArray();
    if (fields[3].type() != client::Reply::Type::kArray || fields[3].AsArray().empty()) continue;
    const std::vector<client::Reply>& arguments = fields[3].AsArray();
    if (IsKitCommand(arguments[0].AsOptionalString().value_or(""))) continue;
    SlowCommand slow;
    slow.id = fields[0].AsInteger();
    slow.timestamp = fields[1].AsInteger();
    slow.usec = fields[2].AsInteger();
    slow.command = JoinArguments(arguments);
    if (fields.size() > 4) slow.client = fields[4].AsOptionalString().value_or("");
    out.push_back(std::move(slow));
  }
  std::reverse(out.begin(), out.end());  // SLOWLOG GET lists the newest first
  return out;
}

std::string CommandProfile::FormatTop(const std::vector<CommandFigures>& commands,
                                      std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < commands.size() && i < count; ++i) {
    out += (i == 0 ? "" : ", ") + commands[i].command + " x" + std::to_string(commands[i].calls) +
           " " + FormatDuration(static_cast<double>(commands[i].usec) / 1000.0);
  }
  return out;
}

}  // namespace redis_testkit::cleanup
