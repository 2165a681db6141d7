#pragma once
/// @file
/// The run plan of a sweep: policies x samples x replications, with common random numbers.
/// Run index = (policy * samples + sample) * replications + replication. A run's seed is
/// derive_run_seed(sweep seed, sample * replications + replication): the same for every policy,
/// so that differences between policies are paired (SPEC §3). For one policy and one sample this
/// is the plan of `returnsim run`.
#include <cstdint>
#include <vector>

#include "returnsim/engine/run_result.hpp"
#include "returnsim/scenario/sweep.hpp"

namespace returnsim::engine {

/// The sampled factor values: [sample][factor]. Deterministic in the sweep seed.
/// none: one sample, no factors. grid: full factorial, the first factor varying slowest.
/// lhs: `samples` rows; each factor's range is cut into `samples` equal strata and every stratum
/// is hit exactly once (a random point inside it), strata permuted independently per factor;
/// discrete factors take values[floor(u * n)].
[[nodiscard]] std::vector<std::vector<double>> sample_factors(const scenario::Uncertainties& u, std::uint64_t seed);

/// Number of samples the design yields.
[[nodiscard]] std::size_t sample_count(const scenario::Uncertainties& u);

[[nodiscard]] std::vector<RunInfo> sweep_plan(const scenario::Sweep& sweep,
                                              const std::vector<std::vector<double>>& samples);

}  // namespace returnsim::engine
