// Sweeps: sampling designs, the run plan with common random numbers, and sweep files.
#include <catch2/catch.hpp>

#include "../support.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/sweep_loader.hpp"

using namespace returnsim;
using scenario::Design;
using scenario::Factor;

namespace {

Factor range(double low, double high) {
  Factor f;
  f.path = "x";
  f.low = low;
  f.high = high;
  return f;
}

Factor values(std::vector<double> v) {
  Factor f;
  f.path = "y";
  f.continuous = false;
  f.values = std::move(v);
  return f;
}

}  // namespace

TEST_CASE("LHS: every stratum of every factor is hit exactly once", "[sweep][design]") {
  for (int n : {1, 2, 7, 64}) {
    scenario::Uncertainties u;
    u.design = Design::lhs;
    u.samples = n;
    u.factors = {range(0.2, 0.9), range(-3, 5), values({1, 2, 3, 4})};
    const auto rows = engine::sample_factors(u, 11);
    REQUIRE(rows.size() == static_cast<std::size_t>(n));
    for (std::size_t j = 0; j < 2; ++j) {
      std::set<long> strata;
      for (const auto& row : rows) {
        const double unit = (row[j] - u.factors[j].low) / (u.factors[j].high - u.factors[j].low);
        CHECK((unit >= 0.0 && unit < 1.0));
        strata.insert(static_cast<long>(std::floor(unit * n)));
      }
      CHECK(strata.size() == static_cast<std::size_t>(n));  // a permutation of 0..n-1
    }
    // A discrete factor: each value taken n/4 times (rounded) when n is a multiple of 4.
    if (n % 4 == 0) {
      for (double v : {1.0, 2.0, 3.0, 4.0}) {
        CHECK(std::count_if(rows.begin(), rows.end(), [&](const auto& r) { return r[2] == v; }) == n / 4);
      }
    }
    // Deterministic in the seed; another seed gives another design.
    CHECK(engine::sample_factors(u, 11) == rows);
    if (n > 2) CHECK(engine::sample_factors(u, 12) != rows);
  }
}

TEST_CASE("grid: the full factorial, last factor fastest, ranges with both ends", "[sweep][design]") {
  scenario::Uncertainties u;
  u.design = Design::grid;
  Factor a = range(0, 1);
  a.levels = 3;
  u.factors = {a, values({10, 20})};
  const auto rows = engine::sample_factors(u, 1);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0] == std::vector<double>{0, 10});
  CHECK(rows[1] == std::vector<double>{0, 20});
  CHECK(rows[2] == std::vector<double>{0.5, 10});
  CHECK(rows[5] == std::vector<double>{1, 20});
  u.design = Design::none;
  CHECK(engine::sample_factors(u, 1) == std::vector<std::vector<double>>{{}});
}

TEST_CASE("the sweep plan: policy-major order, the same seeds for every policy", "[sweep][plan]") {
  scenario::Sweep sweep;
  sweep.seed = 9;
  sweep.replications = 3;
  sweep.policies = {{"a", {}}, {"b", {}}};
  const std::vector<std::vector<double>> samples = {{0.1}, {0.2}};
  const auto plan = engine::sweep_plan(sweep, samples);
  REQUIRE(plan.size() == 12);
  for (std::size_t i = 0; i < plan.size(); ++i) CHECK(plan[i].index == i);
  CHECK(plan[7].policy == "b");
  CHECK(plan[7].sample == 0);
  CHECK(plan[7].replication == 1);
  CHECK(plan[7].factors == std::vector<double>{0.1});
  std::set<std::uint64_t> seeds;
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(plan[i].seed == plan[i + 6].seed);  // common random numbers
    seeds.insert(plan[i].seed);
  }
  CHECK(seeds.size() == 6);  // but every (world, replication) its own
  // One policy and one world: the plan of `returnsim run`.
  scenario::Sweep single = sweep;
  single.policies = {{"baseline", {}}};
  const auto replications = engine::replication_plan(9, 3, "baseline");
  const auto as_sweep = engine::sweep_plan(single, {{}});
  for (std::size_t i = 0; i < 3; ++i) CHECK(as_sweep[i].seed == replications[i].seed);
}

namespace {
namespace fs = std::filesystem;

struct SweepDir {
  fs::path path = test::unique_temp_dir("returnsim-sweep-");
  SweepDir() {
    fs::create_directories(path);
    std::ofstream(path / "base.yaml") << "scenario: {name: base}\nsimulation: {months: 6, replications: 1}\n"
                                         "member_states: [{id: NL, name: N}]\n"
                                         "origin_countries: [{id: GM, name: G}, {id: MA, name: M}]\n"
                                         "routes: [{origin: GM, member_state: NL, asylum_applications: 5}]\n";
  }
  ~SweepDir() { fs::remove_all(path); }
  std::string write(const std::string& text) const {
    std::ofstream(path / "sweep.yaml") << text;
    return (path / "sweep.yaml").string();
  }
};

std::vector<InputProblem> sweep_problems(const SweepDir& dir, const std::string& text) {
  try {
    (void)io::load_sweep(dir.write(text));
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

bool has_problem(const std::vector<InputProblem>& problems, const std::string& path, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(), [&](const InputProblem& p) {
    return p.key_path == path && p.message.find(text) != std::string::npos && p.line > 0;
  });
}
}  // namespace

TEST_CASE("a sweep file: policies and factors applied to the base scenario", "[sweep][loader]") {
  SweepDir dir;
  const auto loaded = io::load_sweep(dir.write(
      "sweep: {name: s, base: base.yaml, seed: 4, replications: 2}\n"
      "policies:\n  - {name: quo}\n  - {name: coop, set: {origin_countries.GM.cooperation: 0.9}}\n"
      "uncertainties: {design: lhs, samples: 5, factors: [{path: origin_countries.*.reactance, range: [0.1, 0.3]}]}\n"));
  CHECK(loaded.sweep.policies.size() == 2);
  CHECK(loaded.samples.size() == 5);
  const auto quo = io::sweep_scenario(loaded, 0, {0.25});
  const auto coop = io::sweep_scenario(loaded, 1, {0.25});
  CHECK(quo.origin_countries[0].cooperation == 0.5);
  CHECK(coop.origin_countries[0].cooperation == 0.9);
  CHECK(coop.origin_countries[1].reactance == 0.25);  // '*': every origin
  CHECK(coop.origin_countries[0].reactance == 0.25);
  CHECK(io::is_sweep_file(dir.path.string() + "/sweep.yaml"));
  CHECK_FALSE(io::is_sweep_file(dir.path.string() + "/base.yaml"));
}

TEST_CASE("bad sweep files are rejected with file, line and key path", "[sweep][loader]") {
  SweepDir dir;
  const std::string head = "sweep: {name: s, base: base.yaml}\n";
  CHECK(has_problem(sweep_problems(dir, head + "policies: []\n"), "policies", "at least one policy"));
  CHECK(has_problem(sweep_problems(dir, head + "policies: [{name: a, set: {origin_countries.XX.cooperation: 1}}]\n"),
                    "origin_countries.XX.cooperation", "no entry with id 'XX'"));
  CHECK(has_problem(sweep_problems(dir, head + "policies: [{name: a, set: {origin_countries.GM.coperation: 1}}]\n"),
                    "origin_countries[0]", "did you mean 'cooperation'"));
  CHECK(has_problem(sweep_problems(dir, head + "policies: [{name: a}, {name: a}]\n"), "policies[1].name", "duplicate"));
  CHECK(has_problem(sweep_problems(dir, head + "policies: [{name: a, set: {simulation.months: 3}}]\n"),
                    "policies[0].set.simulation.months", "fixed"));
  const std::string one = head + "policies: [{name: a}]\n";
  CHECK(has_problem(sweep_problems(dir, one + "uncertainties: {design: sobl, samples: 4}\n"), "uncertainties.design",
                    "not one of: none, grid, lhs"));
  // One LHS factor, given as the text of its map.
  auto lhs_factor = [&](const std::string& factor) {
    return sweep_problems(dir, one + "uncertainties: {design: lhs, samples: 4, factors: [" + factor + "]}\n");
  };
  CHECK(has_problem(lhs_factor("{path: origin_countries.*.reactance, range: [0.6, 0.2]}"),
                    "uncertainties.factors[0].range", "must be below high"));
  CHECK(has_problem(lhs_factor("{path: origin_countries.*.reactance, range: [0.5, 1.5]}"),
                    "origin_countries[0].reactance", "outside [0, 1]"));
  CHECK(has_problem(lhs_factor("{path: member_states.NL.detention_max_months, range: [6, 18]}"),
                    "member_states[0].detention_max_months", "not a whole number"));
  CHECK(has_problem(lhs_factor("{path: behaviour.abscond_rate}"), "uncertainties.factors[0]", "either range"));
  CHECK(has_problem(sweep_problems(dir, one + "uncertainties: {design: none, factors: "
                                              "[{path: behaviour.abscond_rate, values: [0.1]}]}\n"),
                    "uncertainties.design", "design is none"));
  CHECK(has_problem(sweep_problems(dir, one + "uncertainties: {design: grid, samples: 3, factors: "
                                              "[{path: behaviour.abscond_rate, values: [0.1]}]}\n"),
                    "uncertainties.samples", "product of its levels"));
  const auto missing = sweep_problems(dir, "sweep: {name: s, base: missing.yaml}\npolicies: [{name: a}]\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].message.find("cannot open") != std::string::npos);
  CHECK(has_problem(sweep_problems(dir, one + "sampels: 3\n"), "", "unknown key 'sampels'"));
}
