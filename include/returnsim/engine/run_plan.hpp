#pragma once
/// @file
/// Which runs a command makes. For `returnsim run`: N replications of one scenario, run r with
/// seed derive_run_seed(simulation.seed, r).
#include <cstdint>
#include <string>
#include <vector>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::engine {

[[nodiscard]] std::vector<RunInfo> replication_plan(std::uint64_t base_seed, int replications,
                                                    const std::string& policy);

}  // namespace returnsim::engine
