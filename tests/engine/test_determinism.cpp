// The same run at 1 and at N threads is bit-identical.
#include <tbb/global_control.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstring>
#include <map>

#include "returnsim/engine/run_codec.hpp"
#include "returnsim/engine/run_result.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/errors.hpp"

using namespace returnsim;

namespace {
engine::RunResult run_with_threads(const scenario::Scenario& s, std::size_t threads, std::uint64_t seed) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  engine::RunInfo info;
  info.seed = seed;
  return engine::simulate_run(s, info);
}

template <class T>
bool bit_identical(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}
}  // namespace

TEST_CASE("threads 1 and 2 give bit-identical runs", "[determinism]") {
  // small.yaml has ~15,000 agents at the start: several blocks, so threads really interleave.
  const auto s = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml").scenario;
  const auto one = run_with_threads(s, 1, 123);
  const auto two = run_with_threads(s, 2, 123);
  for (std::size_t v = 0; v < one.pair_series.size(); ++v) CHECK(bit_identical(one.pair_series[v], two.pair_series[v]));
  // Every variable of the dictionary, the events and the KPIs, byte for byte.
  CHECK(engine::encode_run(one) == engine::encode_run(two));
  // A different seed gives a different run (the comparison above can fail).
  const auto other = run_with_threads(s, 2, 124);
  CHECK_FALSE(bit_identical(one.pair_series[3], other.pair_series[3]));
}

namespace {
/// Keeps every run it is given, by index.
class KeepRuns final : public engine::RunSink {
 public:
  void write(const engine::RunResult& r) override { runs[r.info.index] = engine::encode_run(r); }
  std::map<std::size_t, std::string> runs;
};
}  // namespace

TEST_CASE("a sweep's policies sharing their burn-in give the runs of their own burn-ins", "[determinism][sweep]") {
  // tests/data/sweep-leverage.yaml: two policies (one without overrides, whose own scenario is its
  // burn-in world) over sampled worlds; a burn-in long enough to matter.
  io::LoadedSweep sweep = io::load_sweep(std::string(RETURNSIM_SOURCE_DIR) + "/tests/data/sweep-leverage.yaml");
  sweep.sweep.replications = 2;
  const auto plan = engine::sweep_plan(sweep.sweep, sweep.samples);
  REQUIRE(sweep.base.scenario.simulation.burn_in_months > 0);
  const auto sweep_scenarios = io::sweep_scenarios(sweep);
  // Counts the burn-in worlds asked for: with shared burn-ins, one per world and replication.
  std::atomic<std::size_t> burn_in_worlds{0};
  const engine::ScenarioForRun scenario_for = [&](const engine::RunInfo& run, engine::BurnInWorld burn_in_world) {
    if (burn_in_world == engine::BurnInWorld::needed) ++burn_in_worlds;
    return sweep_scenarios(run, burn_in_world);
  };
  const auto months = engine::simulated_months(sweep.base.scenario);
  KeepRuns own, shared;
  engine::execute_runs(scenario_for, months, plan, own, {}, nullptr, engine::BurnIns::per_run);
  CHECK(burn_in_worlds == plan.size());
  burn_in_worlds = 0;
  engine::execute_runs(scenario_for, months, plan, shared, {}, nullptr, engine::BurnIns::shared_by_policies);
  CHECK(burn_in_worlds == plan.size() / sweep.sweep.policies.size());
  REQUIRE(own.runs.size() == plan.size());
  REQUIRE(shared.runs.size() == plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    INFO("run " << i << " (policy " << plan[i].policy << ", sample " << plan[i].sample << ")");
    CHECK(shared.runs[i] == own.runs[i]);
  }
  // The policies differ after month 0 (the comparison can fail): the first world's first runs.
  CHECK(own.runs[0] != own.runs[plan.size() / 2]);
}

TEST_CASE("a shared burn-in copies only at month 0, for scenarios of the same simulation", "[determinism][sweep]") {
  const auto s = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml",
                                   {{"simulation.burn_in_months", "3"}})
                     .scenario;
  const auto longer = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml",
                                        {{"simulation.burn_in_months", "3"}, {"simulation.months", "40"}})
                          .scenario;
  engine::Simulation fresh(s, 7);
  CHECK_THROWS_AS(engine::Simulation(fresh, s), ModelError);  // its burn-in not done
  fresh.burn_in();
  CHECK_NOTHROW(engine::Simulation(fresh, s));
  CHECK_THROWS_AS(engine::Simulation(fresh, longer), ModelError);  // another horizon
}

TEST_CASE("a run that fails in a shared burn-in's group fails alone", "[determinism][sweep]") {
  io::LoadedSweep sweep = io::load_sweep(std::string(RETURNSIM_SOURCE_DIR) + "/tests/data/sweep-leverage.yaml");
  sweep.sweep.replications = 1;
  const auto plan = engine::sweep_plan(sweep.sweep, sweep.samples);
  const auto normal = io::sweep_scenarios(sweep);
  const std::size_t failing_run = plan.size() - 1;  // the second policy's: not the one its group burns in with
  const engine::ScenarioForRun failing = [&](const engine::RunInfo& run, engine::BurnInWorld burn_in_world) {
    if (run.index == failing_run) throw ModelError("injected failure");
    return normal(run, burn_in_world);
  };
  KeepRuns kept;
  try {
    engine::execute_runs(failing, engine::simulated_months(sweep.base.scenario), plan, kept, {}, nullptr,
                         engine::BurnIns::shared_by_policies);
    FAIL("the failure was not reported");
  } catch (const engine::RunsFailed& e) {
    REQUIRE(e.failures().size() == 1);
    CHECK(e.failures()[0].info.index == failing_run);
  }
  CHECK(kept.runs.size() == plan.size() - 1);
  CHECK(kept.runs.count(failing_run) == 0);
}
