#pragma once
/// @file
/// What one run produces: its identity, its monthly series (in people) and its KPIs. The output
/// dictionary (names, dims, units, descriptions) is the single description of these variables;
/// the HDF5 writer and docs/output-format.md follow it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "returnsim/engine/simulation.hpp"
#include "returnsim/model/policy.hpp"
#include "returnsim/model/processes/month_counts.hpp"

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
/// Values per run of a variable with dimensions `d`.
[[nodiscard]] std::size_t values_per_run(Dims d, std::size_t months, std::size_t origins, std::size_t states) noexcept;
/// The file's dimension names of `d`, in order.
[[nodiscard]] std::vector<std::string_view> dimension_names(Dims d);

/// How a variable is stored in the file (follows from where a run keeps it: see storage_of).
enum class Storage : std::uint8_t { int32, int8, float32, float64, int64, text };
[[nodiscard]] std::string_view storage_name(Storage s) noexcept;

struct RunResult;
struct Kpis;
/// Where a run keeps a variable's values: a per-pair count of the model (int32 people), a float,
/// int8 or double series, or a KPI (one double per run).
using RunValues = std::variant<model::PairSeries, std::vector<float> RunResult::*, std::vector<std::int8_t> RunResult::*,
                               std::vector<double> RunResult::*, double Kpis::*>;

/// One variable of the output dictionary. The recorder sizes a run by it, the run codec, the
/// HDF5 writer and reader loop over it, and `returnsim variables` prints it as
/// docs/output-format.md's tables: a variable exists in one place only.
struct OutputVariable {
  std::string_view name;
  Dims dims;
  std::string_view units;        ///< UDUNITS-2 ("1", "month-1", "month"); EUR kept as a unit word
  std::string_view long_name;    ///< CF long_name
  std::string_view description;  ///< what it counts, and how
  RunValues values;              ///< where a run keeps it
  std::string_view flag_values{};   ///< categorical: "-1 0 1 2"
  std::string_view flag_meanings{}; ///< categorical: "positive none restrictive escalated"
};
/// The file type of a variable: int32 for model counts, else that of the run's storage.
[[nodiscard]] Storage storage_of(const OutputVariable& v) noexcept;

/// Every variable of a run, in file order: per-pair counts, other series, KPIs.
const std::vector<OutputVariable>& output_variables();
/// The variable that writes model count `series`.
[[nodiscard]] const OutputVariable& variable_of(model::PairSeries series);

/// A column of the `policy_events` table. Event-specific columns carry the event's `level` or
/// `value` for the kinds they list, and their fill value for the other rows.
struct EventColumn {
  std::string_view name;
  Storage storage;
  std::string_view units, long_name, description;
  std::string_view flag_values{}, flag_meanings{};
  std::vector<model::PolicyEventKind> level_of{};  ///< kinds whose `level` this column holds
  std::vector<model::PolicyEventKind> value_of{};  ///< kinds whose `value` this column holds

  [[nodiscard]] bool holds_level(model::PolicyEventKind k) const {
    return std::find(level_of.begin(), level_of.end(), k) != level_of.end();
  }
  [[nodiscard]] bool holds_value(model::PolicyEventKind k) const {
    return std::find(value_of.begin(), value_of.end(), k) != value_of.end();
  }
};
/// The columns of `policy_events`, in file order.
const std::vector<EventColumn>& policy_event_columns();

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
/// The KPI names, in dictionary order.
[[nodiscard]] const std::vector<std::string_view>& kpi_names();

struct RunResult {
  RunInfo info;
  std::size_t months = 0, origins = 0, states = 0;
  std::vector<std::vector<std::int32_t>> pair_series;  ///< [model::PairSeries][month][origin][state], people
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

  /// The run's values of model count `s`.
  [[nodiscard]] const std::vector<std::int32_t>& series(model::PairSeries s) const {
    return pair_series[static_cast<std::size_t>(s)];
  }
  /// Sizes every series of the dictionary for this run's months, origins and states.
  void size_series();
};

/// Calls f(std::vector<T>&) with the run's series of `v`, or f(double&) with its KPI (`Run` is
/// RunResult or const RunResult).
template <class Run, class F>
void visit_values(const OutputVariable& v, Run& run, F&& f) {
  std::visit(
      [&](auto field) {
        using Field = decltype(field);
        if constexpr (std::is_same_v<Field, model::PairSeries>) {
          f(run.pair_series[static_cast<std::size_t>(field)]);
        } else if constexpr (std::is_same_v<Field, double Kpis::*>) {
          f(run.kpis.*field);
        } else {
          f(run.*field);
        }
      },
      v.values);
}

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
/// The reported months of `info`'s run of `scenario` from a copy of `burnt_in` (its burn-in done,
/// with `info`'s seed and the burn-in world of `scenario`'s run), recorded: the run simulate_run
/// gives, without simulating the burn-in again.
[[nodiscard]] RunResult simulate_run_from(const Simulation& burnt_in, const scenario::Scenario& scenario, const RunInfo& info,
                                          std::atomic<std::int64_t>* months_done = nullptr);

}  // namespace returnsim::engine
