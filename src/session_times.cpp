#include "session_times.h"

#include "json.h"

namespace edge_session {
namespace {

// 2^53: JS numbers hold every integer up to it exactly.
constexpr std::int64_t kMaxTime = std::int64_t{1} << 53;

}  // namespace

namespace {

// "[c,t,e]" of plain decimal digits, as append_session_times writes it: read
// without building a JSON tree (it is read on every request). nullopt means
// "not this simple form", never "invalid".
std::optional<SessionTimes> parse_plain_times(std::string_view json) {
  if (json.size() < 7 || json.front() != '[' || json.back() != ']') {
    return std::nullopt;
  }
  std::int64_t values[3] = {0, 0, 0};
  std::size_t i = 1;
  for (std::size_t n = 0; n < 3; ++n) {
    const std::size_t start = i;
    std::int64_t value = 0;
    while (i < json.size() && json[i] >= '0' && json[i] <= '9') {
      if (i - start >= 16) return std::nullopt;  // past 2^53: the full parse
      value = value * 10 + (json[i] - '0');
      ++i;
    }
    // A leading zero is JSON only as "0" itself.
    if (i == start || (json[start] == '0' && i - start > 1))
      return std::nullopt;
    if (i >= json.size() || json[i] != (n < 2 ? ',' : ']')) return std::nullopt;
    values[n] = value;
    ++i;
  }
  if (i != json.size()) return std::nullopt;
  return SessionTimes{values[0], values[1], values[2]};
}

}  // namespace

std::optional<SessionTimes> parse_session_times(std::string_view json) {
  if (std::optional<SessionTimes> plain = parse_plain_times(json)) {
    if (plain->created == 0 || plain->touched == 0 ||
        plain->created > kMaxTime || plain->touched > kMaxTime ||
        plain->expires > kMaxTime) {
      return std::nullopt;
    }
    return plain;
  }
  const Json parsed = parse_json(json);
  if (!parsed.is_array() || parsed.size() != 3) return std::nullopt;
  std::int64_t values[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    const Json& value = parsed[i];
    if (!value.is_number_integer()) return std::nullopt;
    if (value.is_number_unsigned()) {
      if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxTime)) {
        return std::nullopt;
      }
      values[i] = static_cast<std::int64_t>(value.get<std::uint64_t>());
    } else {
      values[i] = value.get<std::int64_t>();
    }
    if (values[i] < 0 || values[i] > kMaxTime) return std::nullopt;
  }
  if (values[0] == 0 || values[1] == 0) return std::nullopt;
  return SessionTimes{values[0], values[1], values[2]};
}

void append_session_times(std::string& out, const SessionTimes& times) {
  out.push_back('[');
  out.append(std::to_string(times.created)).push_back(',');
  out.append(std::to_string(times.touched)).push_back(',');
  out.append(std::to_string(times.expires)).push_back(']');
}

Lifetime check_lifetime(const SessionTimes& times, std::int64_t now,
                        const SessionPolicy& policy) {
  if (!times.known()) {
    return policy.tracks_times() ? Lifetime::kNeedsRenewal : Lifetime::kLive;
  }
  if (times.expires != 0 && now >= times.expires) return Lifetime::kExpired;
  if (policy.absolute_timeout > 0 &&
      now - times.created >= policy.absolute_timeout) {
    return Lifetime::kExpired;
  }
  if (policy.idle_timeout > 0) {
    const std::int64_t idle = now - times.touched;
    if (idle >= policy.idle_timeout) return Lifetime::kExpired;
    if (idle >= policy.touch_interval) return Lifetime::kNeedsRenewal;
  }
  return Lifetime::kLive;
}

SessionTimes stamp_times(const SessionTimes& times, std::int64_t now,
                         std::int64_t expires) {
  return {times.known() ? times.created : now, now, expires};
}

}  // namespace edge_session
