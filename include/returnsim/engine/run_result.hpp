#pragma once
/// @file
/// What one run produces: its identity, its monthly series (in people) and its KPIs. The output
/// dictionary (names, dims, units, descriptions) is the single description of these variables;
/// the HDF5 writer and docs/output-format.md follow it.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "returnsim/engine/simulation.hpp"

namespace returnsim::engine {

/// A run's place in the plan.
struct RunInfo {
  std::size_t index = 0;        ///< position in the file's `run` dimension
  std::string policy;           ///< policy name ("baseline" for plain replications)
  std::int64_t sample = 0;      ///< index of the sampled world (0 without uncertainty sampling)
  std::int64_t replication = 0; ///< replication number within the sample
  std::uint64_t seed = 0;       ///< derive_run_seed(base seed, sample * replications + replication)
  std::int64_t policy_index = 0;  ///< position of `policy` in the sweep's list
  std::vector<double> factors;  ///< the sampled world's factor values (sweep order)
};

enum class Dims : std::uint8_t { run, run_month, run_month_origin, run_month_state, run_month_origin_state };

/// How a variable is stored in the file.
enum class Storage : std::uint8_t { int32, int8, float32, float64 };

/// One variable of the output dictionary: what the HDF5 writer creates (type, CF attributes) and
/// what docs/output-format.md lists.
struct OutputVariable {
  std::string_view name;
  Dims dims;
  std::string_view units;        ///< UDUNITS-2 ("1", "month-1", "month"); EUR kept as a unit word
  std::string_view long_name;    ///< CF long_name
  std::string_view description;  ///< what it counts, and how
  model::PairSeries series{};    ///< per-pair integer series only: the model's count it writes
  Storage storage = Storage::int32;
  std::string_view flag_values;   ///< categorical: "-1 0 1 2"
  std::string_view flag_meanings; ///< categorical: "positive none restrictive escalated"
};

/// Per-pair integer series written to the file, in file order, each with the model count it
/// writes (every model::PairSeries once).
const std::vector<OutputVariable>& pair_series_variables();
/// Every other variable: float series, KPIs.
const std::vector<OutputVariable>& other_variables();

struct Kpis {
  double return_rate = 0;            ///< (voluntary + forced returns) / orders to leave, horizon
  double voluntary_share = 0;        ///< voluntary / all returns
  double forced_returns = 0;         ///< people over the horizon
  double voluntary_returns = 0;      ///< people over the horizon
  double absconded_share = 0;        ///< absconded / (absconded + returns): share of closed cases
  double mean_months_to_return = 0;  ///< months from the order to the return, mean over returns
  double cost_per_return_eur = 0;    ///< all return costs / returns
  double recorded_return_rate = 0;   ///< recorded returns / recorded orders (what the EU sees)
};
inline constexpr std::size_t kKpiCount = 8;
/// KPI values in dictionary order (the order of other_variables()' KPI entries).
[[nodiscard]] std::array<double, kKpiCount> kpi_values(const Kpis& k);
/// The inverse of kpi_values.
[[nodiscard]] Kpis kpis_from_values(const std::array<double, kKpiCount>& values);
[[nodiscard]] const std::array<std::string_view, kKpiCount>& kpi_names();

struct RunResult {
  RunInfo info;
  std::size_t months = 0, origins = 0, states = 0;
  std::vector<std::vector<std::int32_t>> pair_series;  ///< [variable][month][origin][state], people
  std::vector<float> cooperation;        ///< [month][origin][state], 0..1
  std::vector<float> cooperation_index;  ///< [month][origin], 0..1
  std::vector<std::int8_t> visa_measure_level;  ///< [month][origin], 0 = none
  std::vector<std::int8_t> assessment_class;    ///< [month][origin], -1 not assessed
  std::vector<double> cost_eur;                  ///< [month][state]
  std::vector<double> recorded_orders_to_leave;  ///< [month][state]
  std::vector<double> recorded_returns;          ///< [month][state]
  std::vector<double> instrument_cost_eur;       ///< [month], EU-wide
  std::vector<model::PolicyEvent> events;        ///< policy decisions, in time order
  Kpis kpis;
};

/// Observer that fills a RunResult month by month and computes the KPIs at the end.
class RunRecorder final : public MonthObserver {
 public:
  RunRecorder(RunInfo info, std::size_t months, std::size_t origins, std::size_t states);
  void on_month(const MonthReport& report) override;
  /// Computes the KPIs and hands the result over.
  [[nodiscard]] RunResult finish();

 private:
  RunResult result_;
  double orders_ = 0, voluntary_ = 0, forced_ = 0, absconded_ = 0, cost_ = 0;
  double recorded_orders_ = 0, recorded_returns_ = 0, instrument_cost_ = 0;
  double months_to_return_sum_ = 0;
};

/// Runs one simulation of `scenario` for `info` and records it; the burn-in runs in
/// `burn_in_world` when given (Simulation).
[[nodiscard]] RunResult simulate_run(const scenario::Scenario& scenario, const RunInfo& info,
                                     std::atomic<std::int64_t>* months_done = nullptr,
                                     const scenario::Scenario* burn_in_world = nullptr);

}  // namespace returnsim::engine
