#include "returnsim/engine/run_plan.hpp"

#include "returnsim/util/rng.hpp"

namespace returnsim::engine {

std::vector<RunInfo> replication_plan(std::uint64_t base_seed, int replications, const std::string& policy) {
  std::vector<RunInfo> plan;
  plan.reserve(static_cast<std::size_t>(replications));
  for (int r = 0; r < replications; ++r) {
    RunInfo info;
    info.index = static_cast<std::size_t>(r);
    info.policy = policy;
    info.sample = 0;
    info.replication = r;
    info.seed = derive_run_seed(base_seed, static_cast<std::uint64_t>(r));
    plan.push_back(info);
  }
  return plan;
}

}  // namespace returnsim::engine
