#include "session_times.h"

#include "decimal.h"
#include "json.h"

namespace edge_session {
namespace {

std::optional<SessionTimes> valid_times(const SessionTimes& times) {
  if (times.created > kMaxTimeMs || times.touched > kMaxTimeMs ||
      times.expires > kMaxTimeMs || times.signed_in_ms > kMaxTimeMs) {
    return std::nullopt;
  }
  return times;
}

// "[c,t,e]" or "[c,t,e,s]" of plain decimal digits, as append_session_times
// writes it: read without building a JSON tree (it is read on every request).
// nullopt means "not this simple form", never "invalid".
std::optional<SessionTimes> parse_plain_times(std::string_view json) {
  if (json.size() < 7 || json.front() != '[' || json.back() != ']') {
    return std::nullopt;
  }
  std::int64_t values[4] = {0, 0, 0, 0};
  std::size_t count = 0;
  std::size_t i = 1;
  while (count < 4) {
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
    if (i >= json.size()) return std::nullopt;
    values[count++] = value;
    if (json[i++] == ']') break;
    if (json[i - 1] != ',') return std::nullopt;
  }
  // "[c,t,e,0]" is left to the full parse, which refuses it.
  if (i != json.size() || count < 3 || (count == 4 && values[3] == 0)) {
    return std::nullopt;
  }
  return SessionTimes{values[0], values[1], values[2], values[3], true};
}

}  // namespace

std::optional<SessionTimes> parse_session_times(std::string_view json) {
  if (std::optional<SessionTimes> plain = parse_plain_times(json)) {
    return valid_times(*plain);
  }
  const Json parsed = parse_json(json);
  if (!parsed.is_array() || parsed.size() < 3 || parsed.size() > 4) {
    return std::nullopt;
  }
  std::int64_t values[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const Json& value = parsed[i];
    if (!value.is_number_integer()) return std::nullopt;
    if (value.is_number_unsigned()) {
      if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxTimeMs)) {
        return std::nullopt;
      }
      values[i] = static_cast<std::int64_t>(value.get<std::uint64_t>());
    } else {
      values[i] = value.get<std::int64_t>();
    }
    if (values[i] < 0 || values[i] > kMaxTimeMs) return std::nullopt;
  }
  // A fourth element is the sign-in time, never 0 (append omits it then).
  if (parsed.size() == 4 && values[3] == 0) return std::nullopt;
  return valid_times({values[0], values[1], values[2], values[3], true});
}

void append_session_times(std::string& out, const SessionTimes& times) {
  // In place (decimal.h): std::to_string allocated for each 13-digit time,
  // on every commit.
  out.push_back('[');
  append_int(out, times.created);
  out.push_back(',');
  append_int(out, times.touched);
  out.push_back(',');
  append_int(out, times.expires);
  if (times.signed_in_ms != 0) {
    out.push_back(',');
    append_int(out, times.signed_in_ms);
  }
  out.push_back(']');
}

Lifetime check_lifetime(const SessionTimes& times, std::int64_t now,
                        const SessionPolicy& policy) {
  if (!times.known()) {
    return policy.tracks_times() ? Lifetime::kNeedsRenewal : Lifetime::kLive;
  }
  // Milliseconds: an earlier version kept whole seconds, and a limit then
  // ended a session up to a second early or late (regression, audit of issue
  // 3: maxAge: 1 still served 1.5 s after its commit).
  if (times.expires != 0 && now >= times.expires) return Lifetime::kExpired;
  if (policy.absolute_timeout_ms > 0 &&
      now - times.created >= policy.absolute_timeout_ms) {
    return Lifetime::kExpired;
  }
  if (policy.idle_timeout_ms > 0) {
    const std::int64_t idle = now - times.touched;
    if (idle >= policy.idle_timeout_ms) return Lifetime::kExpired;
    if (idle >= policy.touch_interval_ms) return Lifetime::kNeedsRenewal;
  }
  return Lifetime::kLive;
}

SessionTimes stamp_times(const SessionTimes& times, std::int64_t now,
                         std::int64_t expires) {
  return {times.known() ? times.created : now, now, expires, times.signed_in_ms,
          true};
}

SessionTimes times_to_write(const SessionTimes& times,
                            const SessionPolicy& policy, std::int64_t now,
                            std::int64_t expires) {
  if (expires <= 0 && !policy.tracks_times() && !times.known() &&
      times.signed_in_ms == 0) {
    return SessionTimes{};
  }
  return stamp_times(times, now, expires);
}

}  // namespace edge_session
