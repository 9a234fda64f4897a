// The fast path of JsonObjectReader: one pass over a JSON object that finds
// its members and validates it, for the texts our own commits write.
// nlohmann/json stays the judge of everything else: this scanner only ever
// says "valid, and here are the members" or "not sure", never "invalid".
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "json.h"

namespace edge_session {

// true: `text` is a JSON object that nlohmann's strict parse accepts, and
// members[0, count) are its members exactly as JsonObjectReader's nlohmann
// path reads them (decoded key, value kind, value text verbatim; a repeated
// key keeps its last value at its first position). Entries past `count` keep
// their storage for the next read.
// false: not sure, members unspecified. The text may be invalid, or valid but
// beyond what this scanner judges alone: a root that is not an object, an
// escaped key (it would need decoding), a number that overflows to infinity
// (nlohmann rejects those) or whose exponent has more than four digits, more
// than 63 containers nested below the root.
// `index` finds repeated keys (it is cleared first).
bool try_scan_json_object(std::string_view text,
                          std::vector<JsonMember>& members, std::size_t& count,
                          MemberIndex& index);

}  // namespace edge_session
