#include "returnsim/engine/run_codec.hpp"

#include <cstring>
#include <type_traits>

#include "returnsim/util/errors.hpp"

namespace returnsim::engine {
namespace {

constexpr std::uint32_t kRunMagic = 0x52534e33;  // "RSN3": series in dictionary order

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class T>
  void scalar(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <class T>
  void array(const std::vector<T>& values) {
    scalar<std::uint64_t>(values.size());
    if (!values.empty()) out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void text(const std::string& s) {
    scalar<std::uint64_t>(s.size());
    out_.append(s);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T scalar() {
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  template <class T>
  std::vector<T> array() {
    const auto n = scalar<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T)) fail();
    std::vector<T> values(n);
    if (n > 0) std::memcpy(values.data(), take(n * sizeof(T)), n * sizeof(T));
    return values;
  }
  std::string text() {
    const auto n = scalar<std::uint64_t>();
    if (n > bytes_.size() - at_) fail();
    return std::string(take(n), n);
  }
  [[nodiscard]] bool at_end() const { return at_ == bytes_.size(); }
  [[noreturn]] static void fail() { throw IoError("malformed run record (torn write or a different build)"); }

 private:
  const char* take(std::size_t n) {
    if (n > bytes_.size() - at_) fail();
    const char* p = bytes_.data() + at_;
    at_ += n;
    return p;
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void encode_run(const RunResult& r, std::string& out) {
  Writer w(out);
  w.scalar(kRunMagic);
  w.scalar<std::uint64_t>(r.info.index);
  w.text(r.info.policy);
  w.scalar(r.info.sample);
  w.scalar(r.info.replication);
  w.scalar(r.info.seed);
  w.scalar(r.info.policy_index);
  w.array(r.info.factors);
  w.scalar<std::uint64_t>(r.months);
  w.scalar<std::uint64_t>(r.origins);
  w.scalar<std::uint64_t>(r.states);
  // Series in dictionary order; KPIs after the events.
  for (const auto& v : output_variables()) {
    visit_values(v, r, [&](const auto& values) {
      if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(values)>, double>) w.array(values);
    });
  }
  w.scalar<std::uint64_t>(r.events.size());
  for (const auto& e : r.events) {
    w.scalar(e.month);
    w.scalar(e.origin);
    w.scalar(e.member_state);
    w.scalar(static_cast<std::uint8_t>(e.kind));
    w.scalar(e.level);
    w.scalar(e.value);
  }
  for (const auto& v : output_variables()) {
    visit_values(v, r, [&](const auto& value) {
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, double>) w.scalar(value);
    });
  }
}

std::string encode_run(const RunResult& run) {
  std::string out;
  encode_run(run, out);
  return out;
}

RunResult decode_run(std::string_view bytes) {
  Reader in(bytes);
  if (in.scalar<std::uint32_t>() != kRunMagic) Reader::fail();
  RunResult r;
  r.info.index = in.scalar<std::uint64_t>();
  r.info.policy = in.text();
  r.info.sample = in.scalar<std::int64_t>();
  r.info.replication = in.scalar<std::int64_t>();
  r.info.seed = in.scalar<std::uint64_t>();
  r.info.policy_index = in.scalar<std::int64_t>();
  r.info.factors = in.array<double>();
  r.months = in.scalar<std::uint64_t>();
  r.origins = in.scalar<std::uint64_t>();
  r.states = in.scalar<std::uint64_t>();
  r.pair_series.resize(model::kPairSeriesCount);
  for (const auto& v : output_variables()) {
    visit_values(v, r, [&](auto& values) {
      using T = std::remove_reference_t<decltype(values)>;
      if constexpr (!std::is_same_v<T, double>) {
        values = in.array<typename T::value_type>();
        // Shapes must agree with the dimensions, or the writer would read past an array.
        if (values.size() != values_per_run(v.dims, r.months, r.origins, r.states)) Reader::fail();
      }
    });
  }
  const auto events = in.scalar<std::uint64_t>();
  if (events > bytes.size()) Reader::fail();
  r.events.reserve(events);
  for (std::uint64_t i = 0; i < events; ++i) {
    model::PolicyEvent e;
    e.month = in.scalar<std::uint32_t>();
    e.origin = in.scalar<std::uint32_t>();
    e.member_state = in.scalar<std::int32_t>();
    const auto kind = in.scalar<std::uint8_t>();
    if (kind >= model::kPolicyEventKindCount) Reader::fail();
    e.kind = static_cast<model::PolicyEventKind>(kind);
    e.level = in.scalar<std::int8_t>();
    e.value = in.scalar<double>();
    r.events.push_back(e);
  }
  for (const auto& v : output_variables()) {
    visit_values(v, r, [&](auto& value) {
      if constexpr (std::is_same_v<std::remove_reference_t<decltype(value)>, double>) value = in.scalar<double>();
    });
  }
  if (!in.at_end()) Reader::fail();
  return r;
}

}  // namespace returnsim::engine
