#include "json_object_scanner.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "hex.h"
#include "utf8.h"

namespace edge_session {
namespace {

using Kind = Json::value_t;

// What a byte inside a string literal asks of the scanner (RFC 8259 §7).
enum StringByte : std::uint8_t { kPlain, kQuote, kBackslash, kControl, kHigh };

constexpr std::array<std::uint8_t, 256> kStringBytes = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t c = 0; c < 0x20; ++c) table[c] = kControl;
  for (std::size_t c = 0x80; c < 0x100; ++c) table[c] = kHigh;
  table['"'] = kQuote;
  table['\\'] = kBackslash;
  return table;
}();

// One bit per open container in a 64-bit word; the root is depth 0.
constexpr int kMaxDepth = 63;
// Integers of up to 18 digits fit int64 and uint64 alike, so their kind
// (nlohmann's number_integer or number_unsigned) is known unconverted.
constexpr std::ptrdiff_t kMaxIntegerDigits = 18;
// A decimal below 10^308 is finite: DBL_MAX is ~1.8e308. (It was 10^300,
// which sent every object holding a 1e300 to nlohmann's far slower parse:
// a 3 KB cookie of such numbers read in ~2.7 ms.) Exponents of up to four
// digits are read; longer ones are left to nlohmann.
constexpr long kMaxFiniteExponent = 308;
constexpr int kMaxExponentDigits = 4;
// From 10^308 to 10^309 a decimal is finite when its digits are below these:
// 2^1024 - 2^970, halfway from DBL_MAX to the next power of two, which rounds
// to infinity (ties to even; DBL_MAX's last bit is 1). Without them every
// 1e308 (JSON.stringify writes 1.7e308 so) sent its whole object to nlohmann,
// whose strtod takes ~11 us on each in WebAssembly: a record of 5,000 read
// in ~55 ms, not ~0.2 (audit of issue 10, finding 3).
constexpr std::string_view kOverflowDigits =
    "1797693134862315807937289714053034150799341327100378269361737789804449"
    "6829276475094664901797758720709633028641669288791094655554785194040263"
    "0657488671505820681908902000708383676273854845817711531764475730270069"
    "8555713669596228429148198608349364752927190741684443655107043427115596"
    "99508093042880177904174497792";
static_assert(kOverflowDigits.size() == kMaxFiniteExponent + 1);
// Integers past 18 digits get the kind nlohmann's lexer gives them: unsigned
// up to UINT64_MAX, signed down to INT64_MIN, else a float.
constexpr std::string_view kMaxUnsigned = "18446744073709551615";
constexpr std::string_view kMinIntegerDigits = "9223372036854775808";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether the digits from `from` to `to` (a '.' among them skipped), read as
// 0.d1d2..., are below kOverflowDigits read so.
bool below_overflow(const char* from, const char* to) {
  std::size_t i = 0;
  for (const char* d = from; d != to; ++d) {
    if (*d == '.') continue;
    if (i == kOverflowDigits.size()) return false;  // equal so far, longer
    if (*d != kOverflowDigits[i]) return *d < kOverflowDigits[i];
    ++i;
  }
  return i < kOverflowDigits.size();  // a prefix: the rest is not all zeros
}

// The kind nlohmann's lexer gives an integer of `digits` (no leading zero)
// past kMaxIntegerDigits: false when it would overflow to infinity.
bool long_integer_kind(std::string_view digits, bool negative, Kind& kind) {
  const std::string_view limit = negative ? kMinIntegerDigits : kMaxUnsigned;
  if (digits.size() < limit.size() ||
      (digits.size() == limit.size() && digits <= limit)) {
    kind = negative ? Kind::number_integer : Kind::number_unsigned;
    return true;
  }
  kind = Kind::number_float;
  return digits.size() < kOverflowDigits.size() ||
         (digits.size() == kOverflowDigits.size() && digits < kOverflowDigits);
}

class Scanner {
 public:
  explicit Scanner(std::string_view text)
      : at_(text.data()), end_(text.data() + text.size()) {}

  bool object(std::vector<JsonMember>& members, std::size_t& count,
              MemberIndex& index);

 private:
  // What the next token may be.
  enum class Next { kKeyOrClose, kKey, kValueOrClose, kValue, kCommaOrClose };

  void skip_whitespace() {
    while (at_ != end_ && is_json_whitespace(*at_)) ++at_;
  }

  // At an opening quote: past the closing one. `escaped` tells whether the
  // literal holds an escape.
  bool string(bool& escaped) {
    ++at_;
    while (at_ != end_) {
      switch (kStringBytes[static_cast<unsigned char>(*at_)]) {
        case kPlain:
          ++at_;
          continue;
        case kQuote:
          ++at_;
          return true;
        case kBackslash:
          escaped = true;
          if (!escape()) return false;
          continue;
        case kHigh: {
          const std::size_t length = utf8_sequence_length(
              std::string_view(at_, static_cast<std::size_t>(end_ - at_)), 0);
          if (length == 0) return false;
          at_ += length;
          continue;
        }
        default:  // a raw control character
          return false;
      }
    }
    return false;
  }

  // At a backslash. Any \uXXXX passes: the nlohmann path repairs lone
  // surrogates (json.cpp) and keeps value text verbatim, as this does.
  bool escape() {
    if (end_ - at_ < 2) return false;
    switch (at_[1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        at_ += 2;
        return true;
      case 'u':
        if (end_ - at_ < 6 || hex_digit_value(at_[2]) < 0 ||
            hex_digit_value(at_[3]) < 0 || hex_digit_value(at_[4]) < 0 ||
            hex_digit_value(at_[5]) < 0) {
          return false;
        }
        at_ += 6;
        return true;
      default:
        return false;
    }
  }

  std::ptrdiff_t digits() {
    const char* start = at_;
    while (at_ != end_ && is_digit(*at_)) ++at_;
    return at_ - start;
  }

  // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  bool number(Kind& kind) {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    if (at_ == end_ || !is_digit(*at_)) return false;
    const char* const integer_start = at_;
    std::ptrdiff_t integer_digits = 1;
    if (*at_ == '0') {
      ++at_;
    } else {
      integer_digits = digits();
    }
    bool decimal = false;
    if (at_ != end_ && *at_ == '.') {
      ++at_;
      if (digits() == 0) return false;
      decimal = true;
    }
    const char* const mantissa_end = at_;
    long exponent = 0;
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
      ++at_;
      const bool negative_exponent = at_ != end_ && *at_ == '-';
      if (at_ != end_ && (*at_ == '-' || *at_ == '+')) ++at_;
      const char* start = at_;
      const std::ptrdiff_t count = digits();
      if (count == 0 || count > kMaxExponentDigits) return false;
      for (const char* d = start; d != at_; ++d)
        exponent = exponent * 10 + (*d - '0');
      if (negative_exponent) exponent = -exponent;
      decimal = true;
    }
    if (decimal) {
      // The value is below 10^(integer_digits + exponent).
      const long magnitude = integer_digits + exponent;
      kind = Kind::number_float;
      if (magnitude <= kMaxFiniteExponent) return true;
      // From 10^308 up (a leading "0." stays below 10^308): its digits say.
      return magnitude == kMaxFiniteExponent + 1 &&
             (*integer_start == '0' ||
              below_overflow(integer_start, mantissa_end));
    }
    if (integer_digits > kMaxIntegerDigits) {
      return long_integer_kind(
          std::string_view(integer_start,
                           static_cast<std::size_t>(integer_digits)),
          negative, kind);
    }
    kind = negative ? Kind::number_integer : Kind::number_unsigned;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() ||
        std::memcmp(at_, word.data(), word.size()) != 0) {
      return false;
    }
    at_ += word.size();
    return true;
  }

  // A scalar value at at_: its kind, at_ past it.
  bool scalar(Kind& kind) {
    switch (*at_) {
      case '"': {
        bool escaped = false;
        kind = Kind::string;
        return string(escaped);
      }
      case 't':
        kind = Kind::boolean;
        return literal("true");
      case 'f':
        kind = Kind::boolean;
        return literal("false");
      case 'n':
        kind = Kind::null;
        return literal("null");
      default:
        return (*at_ == '-' || is_digit(*at_)) && number(kind);
    }
  }

  const char* at_;
  const char* end_;
};

bool Scanner::object(std::vector<JsonMember>& members, std::size_t& count,
                     MemberIndex& index) {
  count = 0;
  index.clear();
  skip_whitespace();
  if (at_ == end_ || *at_ != '{') return false;
  ++at_;
  std::uint64_t objects = 1;  // bit d: the container at depth d is an object
  int depth = 0;
  std::size_t member = 0;             // the root's member being read
  const char* value_start = nullptr;  // where its value starts
  Next next = Next::kKeyOrClose;
  for (;;) {
    skip_whitespace();
    if (at_ == end_) return false;
    bool close = false;
    switch (next) {
      case Next::kKeyOrClose:
      case Next::kKey: {
        if (next == Next::kKeyOrClose && *at_ == '}') {
          close = true;
          break;
        }
        if (*at_ != '"') return false;
        const char* key_start = at_ + 1;
        bool escaped = false;
        if (!string(escaped)) return false;
        if (depth == 0) {
          if (escaped) return false;  // the key would need decoding
          member = index.slot(
              members, count,
              std::string_view(key_start,
                               static_cast<std::size_t>(at_ - 1 - key_start)));
        }
        skip_whitespace();
        if (at_ == end_ || *at_ != ':') return false;
        ++at_;
        next = Next::kValue;
        continue;
      }
      case Next::kValueOrClose:
      case Next::kValue: {
        if (next == Next::kValueOrClose && *at_ == ']') {
          close = true;
          break;
        }
        if (*at_ == '{' || *at_ == '[') {
          const bool object = *at_ == '{';
          if (depth == 0) {
            value_start = at_;
            members[member].type = object ? Kind::object : Kind::array;
          }
          if (++depth > kMaxDepth) return false;
          objects = object ? objects | (std::uint64_t{1} << depth)
                           : objects & ~(std::uint64_t{1} << depth);
          ++at_;
          next = object ? Next::kKeyOrClose : Next::kValueOrClose;
          continue;
        }
        const char* start = at_;
        Kind kind = Kind::null;
        if (!scalar(kind)) return false;
        if (depth == 0) {
          members[member].type = kind;
          members[member].value =
              std::string_view(start, static_cast<std::size_t>(at_ - start));
        }
        next = Next::kCommaOrClose;
        continue;
      }
      case Next::kCommaOrClose: {
        const bool in_object = ((objects >> depth) & 1) != 0;
        if (*at_ == ',') {
          ++at_;
          next = in_object ? Next::kKey : Next::kValue;
          continue;
        }
        if (*at_ != (in_object ? '}' : ']')) return false;
        close = true;
        break;
      }
    }
    if (!close) return false;  // never: every case continues or closes
    ++at_;
    if (depth == 0) {  // the root: nothing but whitespace may follow
      skip_whitespace();
      return at_ == end_;
    }
    if (--depth == 0) {
      members[member].value = std::string_view(
          value_start, static_cast<std::size_t>(at_ - value_start));
    }
    next = Next::kCommaOrClose;
  }
}

}  // namespace

bool try_scan_json_object(std::string_view text,
                          std::vector<JsonMember>& members, std::size_t& count,
                          MemberIndex& index) {
  return Scanner(text).object(members, count, index);
}

}  // namespace edge_session
