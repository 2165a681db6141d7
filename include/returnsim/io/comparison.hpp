#pragma once
/// @file
/// The strategist's comparison of a sweep's policies (SPEC §10; `returnsim summary`, the report):
/// for each policy against the reference (the first policy), paired run by run over common random
/// numbers,
/// - the gain in return rate (percentage points) with two intervals kept apart: the **spread over
///   worlds** (5th-95th percentile of the worlds' mean gains: what the sampled uncertainty
///   allows) and a **95% confidence interval of the mean gain** (a two-stage bootstrap over
///   worlds, then replications within each world: Monte Carlo and world-sampling error of the
///   mean), with the numbers of worlds and runs;
/// - the extra returns, the extra cost (operations and instruments) and the cost per extra return,
///   with the bootstrap interval;
/// - the time to effect: the first reported month from which the 95% interval of the paired gain
///   in the return rate accumulated since month 0 excludes zero for good;
/// - robustness: the share of worlds in which the policy is best, and its regret (the best
///   policy's return rate minus its own, world by world): mean and maximum;
/// - the same gains per origin or per member state, with the policy's own reach marked (the
///   origins and states its overrides name).
/// Deciding factors (which sampled factors decide the sign of a gain) are scored by the report
/// (tools/report.py, a random forest), from the worlds' factor values in the file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "returnsim/io/sensitivity_output.hpp"

namespace returnsim::io {

/// What a sweep file holds for the comparison: per completed run its identity and totals.
struct ComparisonRun {
  std::string policy;
  long long sample = 0, replication = 0;
  std::vector<double> factors;
  double returns = 0, orders = 0, cost_eur = 0;       ///< over the reported horizon
  std::vector<double> origin_returns, origin_orders;  ///< [origin], over the horizon
  std::vector<double> state_returns, state_orders;    ///< [member state], over the horizon
  std::vector<double> month_returns, month_orders;    ///< [month], EU-wide
};

struct ComparisonData {
  std::string path, scenario_name, design, sweep_yaml, scenario_yaml, command_line;
  std::vector<std::string> policies;  ///< in plan order; the first is the reference
  std::vector<std::string> origins, states, month_labels, factor_paths;
  std::vector<ComparisonRun> runs;    ///< completed runs only
  std::size_t planned_runs = 0;
  std::optional<KpiSensitivity> sensitivity;  ///< design sobol: every KPI's Sobol' indices (JSON only)
};

/// Reads a sweep (or run) output for the comparison. Throws UsageError when the file is not a
/// returnsim output (exit 2), IoError when it cannot be read.
[[nodiscard]] ComparisonData read_comparison_data(const std::string& path);

/// A paired estimate and its two intervals.
struct Estimate {
  double mean = 0;
  double ci_low = 0, ci_high = 0;          ///< 95% confidence interval of the mean (bootstrap)
  double spread_low = 0, spread_high = 0;  ///< 5th-95th percentile over worlds of the worlds' means
  std::size_t worlds = 0, pairs = 0;
};

struct PolicyComparison {
  std::string policy;
  std::size_t runs = 0;
  Estimate gain_pp;                 ///< return rate, percentage points
  Estimate extra_returns;           ///< people over the horizon
  Estimate extra_cost_eur;          ///< EUR over the horizon
  std::optional<Estimate> cost_per_extra_return_eur;  ///< absent when the extra returns' interval includes 0
  std::optional<int> time_to_effect_month;            ///< absent: not within the horizon
  std::string time_to_effect_label;                   ///< "YYYY-MM" of that month
  double share_best = 0;            ///< share of worlds in which this policy has the highest return rate
  double regret_mean_pp = 0, regret_max_pp = 0;
  std::vector<std::string> reach_origins, reach_states;  ///< what its overrides name; "*" for all
  std::vector<Estimate> gain_by_month_pp;  ///< [month] gain in the return rate accumulated since month 0
};

/// Gains in one origin's (or member state's) return rate.
struct EntityGain {
  std::string policy, entity;
  bool in_reach = false;
  double reference_rate = 0;   ///< the reference policy's rate, mean over its runs
  Estimate gain_pp;
  Estimate extra_returns;
};

struct Comparison {
  const ComparisonData* data = nullptr;
  std::size_t worlds = 0, replications = 0;
  int bootstrap_resamples = 0;
  std::vector<PolicyComparison> policies;  ///< ranked by mean gain, the reference included
  std::vector<EntityGain> by_entity;       ///< when asked for: per policy (not the reference), per entity
  std::string by;                          ///< "", "origin" or "member_state"
};

/// Computes the comparison; `by` = "", "origin" or "member_state". Deterministic (the bootstrap
/// draws from a keyed stream). Throws UsageError when the file has a single policy.
[[nodiscard]] Comparison compare_policies(const ComparisonData& data, const std::string& by = "");

/// The comparison as text (the ranking table and, with `by`, the per-entity table), CSV (one row
/// per policy, or per policy and entity with `by`) or JSON (everything).
[[nodiscard]] std::string format_comparison_text(const Comparison& c);
[[nodiscard]] std::string format_comparison_csv(const Comparison& c);
[[nodiscard]] std::string format_comparison_json(const Comparison& c);

/// `s` as a JSON string literal, quoted and escaped.
[[nodiscard]] std::string json_quoted(const std::string& s);

}  // namespace returnsim::io
