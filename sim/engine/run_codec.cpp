#include "returnsim/engine/run_codec.hpp"

#include <cstring>
#include <type_traits>

#include "returnsim/util/errors.hpp"

namespace returnsim::engine {
namespace {

constexpr std::uint32_t kRunMagic = 0x52534e32;  // "RSN2"

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
  w.scalar<std::uint64_t>(r.pair_series.size());
  for (const auto& series : r.pair_series) w.array(series);
  w.array(r.cooperation);
  w.array(r.cooperation_index);
  w.array(r.visa_measure_level);
  w.array(r.assessment_class);
  w.array(r.cost_eur);
  w.array(r.recorded_orders_to_leave);
  w.array(r.recorded_returns);
  w.array(r.instrument_cost_eur);
  w.scalar<std::uint64_t>(r.events.size());
  for (const auto& e : r.events) {
    w.scalar(e.month);
    w.scalar(e.origin);
    w.scalar(e.member_state);
    w.scalar(static_cast<std::uint8_t>(e.kind));
    w.scalar(e.level);
    w.scalar(e.value);
  }
  for (double v : kpi_values(r.kpis)) w.scalar(v);
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
  const auto series = in.scalar<std::uint64_t>();
  if (series != pair_series_variables().size()) Reader::fail();
  for (std::uint64_t v = 0; v < series; ++v) r.pair_series.push_back(in.array<std::int32_t>());
  r.cooperation = in.array<float>();
  r.cooperation_index = in.array<float>();
  r.visa_measure_level = in.array<std::int8_t>();
  r.assessment_class = in.array<std::int8_t>();
  r.cost_eur = in.array<double>();
  r.recorded_orders_to_leave = in.array<double>();
  r.recorded_returns = in.array<double>();
  r.instrument_cost_eur = in.array<double>();
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
  std::array<double, kKpiCount> kpis{};
  for (double& v : kpis) v = in.scalar<double>();
  r.kpis = kpis_from_values(kpis);
  if (!in.at_end()) Reader::fail();
  // Shapes must agree with the dimensions, or the writer would read past an array.
  const std::size_t pair = r.months * r.origins * r.states, origin = r.months * r.origins, state = r.months * r.states;
  for (const auto& s : r.pair_series) {
    if (s.size() != pair) Reader::fail();
  }
  if (r.cooperation.size() != pair || r.cooperation_index.size() != origin || r.visa_measure_level.size() != origin ||
      r.assessment_class.size() != origin || r.cost_eur.size() != state || r.recorded_orders_to_leave.size() != state ||
      r.recorded_returns.size() != state || r.instrument_cost_eur.size() != r.months) {
    Reader::fail();
  }
  return r;
}

}  // namespace returnsim::engine
