// Sweeps: sampling designs, the run plan with common random numbers, and sweep files.
#include <catch2/catch.hpp>

#include "../support.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/sensitivity.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/sweep_loader.hpp"

using namespace returnsim;
using scenario::Design;
using scenario::Factor;

namespace {

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
    u.factors = {test::factor_range(0.2, 0.9), test::factor_range(-3, 5), values({1, 2, 3, 4})};
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
  Factor a = test::factor_range(0, 1);
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

TEST_CASE("sobol: Saltelli blocks A, AB_1..AB_k, B, A and B are Latin hypercubes", "[sweep][design][sobol]") {
  scenario::Uncertainties u;
  u.design = Design::sobol;
  u.samples = 8;
  u.factors = {test::factor_range(0, 1), test::factor_range(10, 20), values({1, 2})};
  const std::size_t k = 3, block = k + 2;
  REQUIRE(engine::sample_count(u) == 8 * block);
  const auto rows = engine::sample_factors(u, 5);
  REQUIRE(rows.size() == 8 * block);
  std::set<long> a_strata, b_strata;
  for (std::size_t j = 0; j < 8; ++j) {
    const auto& a = rows[j * block];
    const auto& b = rows[j * block + k + 1];
    a_strata.insert(static_cast<long>(std::floor(a[0] * 8)));
    b_strata.insert(static_cast<long>(std::floor(b[0] * 8)));
    for (std::size_t i = 0; i < k; ++i) {
      const auto& ab = rows[j * block + 1 + i];
      for (std::size_t f = 0; f < k; ++f) CHECK(ab[f] == (f == i ? b[f] : a[f]));  // A with column i from B
    }
  }
  CHECK(a_strata.size() == 8);
  CHECK(b_strata.size() == 8);
  CHECK(rows[0] != rows[k + 1]);  // A and B are independent draws
  CHECK(engine::sample_factors(u, 5) == rows);
}

namespace {

/// Sobol' indices estimated from a Saltelli design of N base points over the given ranges.
engine::SobolIndices estimate(const std::vector<Factor>& factors, int base_samples,
                              const std::function<double(const std::vector<double>&)>& f) {
  scenario::Uncertainties u;
  u.design = Design::sobol;
  u.samples = base_samples;
  u.factors = factors;
  std::vector<double> y;
  for (const auto& row : engine::sample_factors(u, 2024)) y.push_back(f(row));
  return engine::sobol_indices(y, factors.size());
}

}  // namespace

TEST_CASE("Sobol' indices of known functions are recovered", "[sweep][sobol]") {
  SECTION("Ishigami (a = 7, b = 0.1) on [-pi, pi]^3") {
    const double pi = std::acos(-1.0);
    const Factor x_range = test::factor_range(-pi, pi);
    const auto s = estimate({x_range, x_range, x_range}, 8192, [](const std::vector<double>& x) {
      return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
    });
    // Analytic: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
    CHECK(s.first_order[0] == Approx(0.3139).margin(0.04));
    CHECK(s.first_order[1] == Approx(0.4424).margin(0.04));
    CHECK(s.first_order[2] == Approx(0.0).margin(0.04));
    CHECK(s.total[0] == Approx(0.5576).margin(0.04));
    CHECK(s.total[1] == Approx(0.4424).margin(0.04));
    CHECK(s.total[2] == Approx(0.2437).margin(0.04));
  }
  SECTION("additive y = x1 + 2 x2 + 0 x3 with uniform inputs: S = ST = (1/5, 4/5, 0)") {
    const auto s = estimate({test::factor_range(0, 1), test::factor_range(0, 1), test::factor_range(0, 1)}, 4096,
                            [](const std::vector<double>& x) { return 100 + x[0] + 2 * x[1]; });
    CHECK(s.first_order[0] == Approx(0.2).margin(0.03));
    CHECK(s.first_order[1] == Approx(0.8).margin(0.03));
    CHECK(s.first_order[2] == Approx(0.0).margin(1e-12));  // AB_3 = A exactly: no change at all
    CHECK(s.total[0] == Approx(0.2).margin(0.03));
    CHECK(s.total[1] == Approx(0.8).margin(0.03));
    CHECK(s.total[2] == Approx(0.0).margin(1e-12));
  }
  SECTION("a constant output has no variance to share out") {
    const auto s = estimate({test::factor_range(0, 1)}, 16, [](const std::vector<double>&) { return 3.0; });
    CHECK(s.variance == 0);
    CHECK(std::isnan(s.first_order[0]));
  }
  CHECK_THROWS_AS(engine::sobol_indices({1, 2, 3, 4}, 1), std::invalid_argument);
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
  CHECK(io::is_sweep(io::parse_yaml_file(dir.path.string() + "/sweep.yaml")));
  CHECK_FALSE(io::is_sweep(io::parse_yaml_file(dir.path.string() + "/base.yaml")));
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
  // A base that cannot be read: the sweep file's `base` line first, then the base's own problem.
  for (const auto& [base, why] : {std::pair<std::string, std::string>{"missing.yaml", "cannot open"},
                                  {"/tmp", "not a regular file"},
                                  {"/dev/zero", "not a regular file"}}) {
    const auto problems = sweep_problems(dir, "sweep: {name: s, base: " + base + "}\npolicies: [{name: a}]\n");
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].key_path == "sweep.base");
    CHECK(problems[0].line == 1);
    CHECK(problems[0].file.find("sweep.yaml") != std::string::npos);
    CHECK(problems[1].message.find(why) != std::string::npos);
  }
  CHECK(has_problem(sweep_problems(dir, one + "sampels: 3\n"), "", "unknown key 'sampels'"));
}
