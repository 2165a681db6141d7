// Invariants that hold every month of a real scenario.
#include <catch2/catch.hpp>
#include <numeric>

#include "../support.hpp"

using namespace returnsim;
using model::PairSeries;

TEST_CASE("conservation: every agent in exactly one status, nothing created or lost outside arrivals",
          "[invariant]") {
  const auto s = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml").scenario;
  engine::Simulation sim(s, 17);
  sim.burn_in();
  std::int64_t expected = static_cast<std::int64_t>(sim.migrants().size());
  test::Recorder rec([&](const engine::MonthReport& r) {
    // New agents are the month's asylum applicants that are not re-migrations (those reuse their
    // agent) and the month's first apprehensions in irregular stay.
    expected += test::total(r, PairSeries::arrivals) - test::total(r, PairSeries::remigrations) +
                test::total(r, PairSeries::irregular_apprehensions);
    const std::int64_t counted = std::accumulate(r.counts.status_count.begin(), r.counts.status_count.end(), std::int64_t{0});
    REQUIRE(counted == expected);
    REQUIRE(counted == static_cast<std::int64_t>(sim.migrants().size()));
    // The stock series are the order_to_leave and absconded status counts.
    REQUIRE(test::total(r, PairSeries::stock_order_to_leave) ==
            r.counts.status_count[static_cast<std::size_t>(model::Status::order_to_leave)]);
    REQUIRE(test::total(r, PairSeries::stock_absconded) ==
            r.counts.status_count[static_cast<std::size_t>(model::Status::absconded)]);
    for (double c : r.world.pair_cooperation) {
      REQUIRE(c >= 0.0);
      REQUIRE(c <= 1.0);
    }
    // Capacities hold in people (agent_scale 1 here).
    for (std::size_t st = 0; st < r.world.state_count; ++st) {
      long removed = 0, detained = 0, cases = 0;
      for (std::size_t o = 0; o < r.world.origin_count; ++o) {
        // Attempts: a failed removal uses its slot too.
        removed += r.counts.at(PairSeries::returns_forced, r.world.pair(o, st)) +
                   r.counts.at(PairSeries::removals_failed, r.world.pair(o, st));
        detained += r.counts.at(PairSeries::in_detention, r.world.pair(o, st));
        cases += r.counts.at(PairSeries::identification_requests, r.world.pair(o, st));
      }
      REQUIRE(removed <= s.member_states[st].removal_capacity);
      REQUIRE(detained <= s.member_states[st].detention_capacity);
      REQUIRE(cases <= s.member_states[st].casework_capacity);
    }
    for (std::size_t o = 0; o < r.world.origin_count; ++o) {
      long identified = 0;
      for (std::size_t st = 0; st < r.world.state_count; ++st) identified += r.counts.at(PairSeries::identified, r.world.pair(o, st));
      REQUIRE(identified <= s.origin_countries[o].id_capacity);
    }
  });
  sim.run(&rec);
  // Every status really occurs in this scenario, so the checks above were not vacuous.
  const auto& m = sim.migrants();
  std::array<long, model::kStatusCount> seen{};
  for (std::size_t i = 0; i < m.size(); ++i) ++seen[static_cast<std::size_t>(m.status[i])];
  for (long n : seen) CHECK(n > 0);
}

TEST_CASE("recorded statistics follow each state's registration practice", "[invariant][statistics]") {
  const auto s = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml").scenario;
  engine::Simulation sim(s, 3);
  test::Recorder rec([&](const engine::MonthReport& r) {
    for (std::size_t st = 0; st < r.world.state_count; ++st) {
      double orders = 0, returns = 0;
      for (std::size_t o = 0; o < r.world.origin_count; ++o) {
        orders += r.counts.at(PairSeries::orders_to_leave, r.world.pair(o, st));
        returns += r.counts.at(PairSeries::returns_forced, r.world.pair(o, st)) +
                   r.counts.at(PairSeries::returns_voluntary, r.world.pair(o, st));
      }
      const auto& ms = s.member_states[st];
      CHECK(r.states.recorded_orders_to_leave[st] == Approx(orders * (1 + ms.order_overcount)));
      CHECK(r.states.recorded_returns[st] == Approx(returns * (1 - ms.return_undercount)));
    }
  });
  sim.run(&rec);
}
