#pragma once
/// @file
/// The run plan of a sweep: policies x samples x replications, with common random numbers.
/// Run index = (policy * samples + sample) * replications + replication. A run's seed is
/// derive_run_seed(sweep seed, sample * replications + replication): the same for every policy,
/// so that differences between policies are paired (SPEC §3). For one policy and one sample this
/// is the plan of `returnsim run`.
#include <cstdint>
#include <string>
#include <vector>

#include "returnsim/engine/run_result.hpp"
#include "returnsim/scenario/sweep.hpp"

namespace returnsim::engine {

/// The sampled factor values: [sample][factor]. Deterministic in the sweep seed.
/// none: one sample, no factors. grid: full factorial, the first factor varying slowest.
/// lhs: `samples` rows; each factor's range is cut into `samples` equal strata and every stratum
/// is hit exactly once (a random point inside it), strata permuted independently per factor;
/// discrete factors take values[floor(u * n)].
/// sobol: Saltelli's scheme with N = `samples` base points and k factors: N blocks of k + 2 rows,
/// block j = A_j, AB_1j, ..., AB_kj, B_j, where A and B are independent Latin hypercubes and AB_i
/// is A with factor i taken from B (engine/sensitivity.hpp computes the indices).
[[nodiscard]] std::vector<std::vector<double>> sample_factors(const scenario::Uncertainties& u, std::uint64_t seed);

/// Number of samples the design yields.
[[nodiscard]] std::size_t sample_count(const scenario::Uncertainties& u);

[[nodiscard]] std::vector<RunInfo> sweep_plan(const scenario::Sweep& sweep,
                                              const std::vector<std::vector<double>>& samples);

/// A deterministic share of a plan (`--shard K/N`, for batch job arrays): shard K of N takes the
/// runs whose index is K-1 modulo N, so that every shard gets every policy and every world.
struct Shard {
  std::size_t k = 1;  ///< 1..n
  std::size_t n = 1;
  /// For each run of `plan` (the whole sweep's, in index order), 1 when this shard runs it: the
  /// runs engine::deal_runs deals to part k - 1 of n (whole worlds-and-replications when there
  /// are at least n of them, so that their policies share a burn-in, else every n-th run).
  [[nodiscard]] std::vector<char> members(const std::vector<RunInfo>& plan) const;
  [[nodiscard]] bool whole() const { return n == 1; }
  [[nodiscard]] std::string label() const { return std::to_string(k) + "/" + std::to_string(n); }
};

/// Parses "K/N" with 1 <= K <= N; throws UsageError otherwise.
[[nodiscard]] Shard parse_shard(const std::string& text);

}  // namespace returnsim::engine
