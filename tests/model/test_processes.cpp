// Each process alone on a tiny world whose answer is known in advance.
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "returnsim/model/processes/forced_return.hpp"

using namespace returnsim;
using model::PairSeries;
using test::binomial_tolerance;
using test::scenario_from;
using test::series;
using test::tiny_world;

TEST_CASE("systematic selection picks exactly the quota, each rank once at most", "[pipeline]") {
  for (std::int64_t n : {1, 7, 100, 4099}) {
    for (std::int64_t q : {0l, 1l, n / 3, n - 1, n}) {
      for (std::int64_t offset : {0l, n / 2, n - 1}) {
        model::processes::StageSelection s{n, q, offset};
        std::int64_t picked = 0;
        for (std::int64_t r = 0; r < n; ++r) picked += model::processes::is_selected(r, s) ? 1 : 0;
        REQUIRE(picked == q);
      }
    }
  }
}

TEST_CASE("voluntary departure: n x p people leave in the first month", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 0.05", "", "", ", initial_stock: 20000"));
  const auto returns = series(s, PairSeries::returns_voluntary);
  CHECK(returns[0] == Approx(1000).margin(binomial_tolerance(20000, 0.05)));
  CHECK(series(s, PairSeries::returns_forced)[0] == 0);
}

TEST_CASE("reintegration support raises voluntary departure only slightly", "[process][choices]") {
  const auto without = scenario_from(tiny_world(", voluntary_departure_rate: 0.05, support_effect_per_1000_eur: 0.02",
                                                "", "", ", initial_stock: 20000"));
  const auto with = scenario_from(tiny_world(", voluntary_departure_rate: 0.05, support_effect_per_1000_eur: 0.02",
                                             "", ", avrr_support_eur: 5000", ", initial_stock: 20000"));
  // p = 0.05 x (1 + 0.02 x 5) = 0.055
  CHECK(series(with, PairSeries::returns_voluntary)[0] == Approx(1100).margin(binomial_tolerance(20000, 0.055)));
  CHECK(series(without, PairSeries::returns_voluntary)[0] == Approx(1000).margin(binomial_tolerance(20000, 0.05)));
}

TEST_CASE("absconding: rate lowered by enforcement, never while detained", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", abscond_rate: 0.1, enforcement_abscond_effect: 0.5", "",
                                          ", enforcement: 0.5", ", initial_stock: 20000"));
  // p = 0.1 x (1 - 0.5 x 0.5) = 0.075
  CHECK(series(s, PairSeries::absconded)[0] == Approx(1500).margin(binomial_tolerance(20000, 0.075)));
}

TEST_CASE("subsequent applications suspend removal and come back when rejected", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", subsequent_application_rate: 0.1, subsequent_decision_months: 1,"
                                          " subsequent_recognition_rate: 0", "", "", ", initial_stock: 10000"));
  engine::Simulation sim(s, 3);
  std::vector<long> stock;
  test::Recorder rec([&](const engine::MonthReport& r) { stock.push_back(test::total(r, PairSeries::stock_order_to_leave)); });
  sim.step(&rec);
  CHECK(10000 - stock[0] == Approx(1000).margin(binomial_tolerance(10000, 0.1)));
  // Month 1: the ~1000 are all decided (hazard 1), none granted, and are back in the caseload;
  // of the others ~10% lodge one now.
  const double others = stock[0];
  sim.step(&rec);
  CHECK(10000 - stock[1] == Approx(0.1 * others).margin(binomial_tolerance(others, 0.1)));
}

TEST_CASE("asylum decisions: rejected share gets an order to leave", "[process][asylum]") {
  // 1000 applications a month with a one-month decision time start as a pending pool of 1000,
  // all decided in month 0 (hazard 1).
  const auto s = scenario_from(tiny_world(", asylum_decision_months: 1", "", "",
                                          ", asylum_applications: 1000, recognition_rate: 0.3"));
  const auto orders = series(s, PairSeries::orders_to_leave);
  CHECK(orders[0] == Approx(700).margin(binomial_tolerance(1000, 0.7)));
  const auto arrivals = series(s, PairSeries::arrivals);
  CHECK(arrivals[0] == Approx(1000).margin(4.5 * std::sqrt(1000.0)));
}

TEST_CASE("forced-return pipeline: casework, identification, laissez-passer, removal within capacity",
          "[process][pipeline]") {
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 10000, documented_share: 1",
                                          ", casework_capacity: 300, removal_capacity: 100", ", initial_stock: 5000",
                                          ", laissez_passer_rate: 1"));
  const auto requests = series(s, PairSeries::identification_requests);
  const auto identified = series(s, PairSeries::identified);
  const auto documents = series(s, PairSeries::travel_documents_issued);
  const auto removed = series(s, PairSeries::returns_forced);
  CHECK(requests[0] == 300);   // casework capacity, exactly
  CHECK(identified[0] == 0);   // requests are answered from the next month on
  CHECK(identified[1] == 300); // full cooperation, documented and cooperating: all identified
  CHECK(documents[2] == 300);
  CHECK(removed[2] == 0);
  CHECK(removed[3] == 100);    // removal capacity, exactly
  CHECK(removed[4] == 100);
}

TEST_CASE("the origin answers at most id_capacity requests a month", "[process][pipeline]") {
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 50, documented_share: 1",
                                          ", casework_capacity: 300", ", initial_stock: 5000"));
  const auto identified = series(s, PairSeries::identified);
  for (std::size_t t = 1; t < identified.size(); ++t) CHECK(identified[t] == 50);
}

TEST_CASE("identification succeeds with probability cooperation x documents x migrant cooperation",
          "[process][pipeline]") {
  // cooperation 0.5, nobody documented (x 0.5), everybody non-cooperating (x 0.3): p = 0.075.
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 1, non_cooperation_factor: 0.3, undocumented_factor: 0.5",
                                          ", cooperation: 0.5, id_capacity: 100000, documented_share: 0",
                                          ", casework_capacity: 20000", ", initial_stock: 20000"));
  CHECK(series(s, PairSeries::identified)[1] == Approx(1500).margin(binomial_tolerance(20000, 0.075)));
}

TEST_CASE("no forced return to an unsafe origin or one without diplomatic relations", "[process][pipeline][invariant]") {
  for (const char* origin : {", safe_return: false", ", diplomatic_relations: false"}) {
    const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 0.01",
                                            std::string(origin) + ", cooperation: 1, id_capacity: 1000",
                                            ", casework_capacity: 500, removal_capacity: 500",
                                            ", initial_stock: 3000, asylum_applications: 100", "", 24));
    long forced = 0, requests = 0, voluntary = 0;
    for (long v : series(s, PairSeries::returns_forced)) forced += v;
    for (long v : series(s, PairSeries::identification_requests)) requests += v;
    for (long v : series(s, PairSeries::returns_voluntary)) voluntary += v;
    CHECK(forced == 0);
    CHECK(requests == 0);
    CHECK(voluntary > 0);  // voluntary return stays possible
  }
}

TEST_CASE("zero inflow and zero stock give zero returns", "[process][invariant]") {
  const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 0.1, abscond_rate: 0.1",
                                          ", cooperation: 1, id_capacity: 1000", ", casework_capacity: 500, removal_capacity: 500"));
  for (auto which : {PairSeries::returns_forced, PairSeries::returns_voluntary, PairSeries::orders_to_leave}) {
    for (long v : series(s, which)) CHECK(v == 0);
  }
}

TEST_CASE("detention holds people at most detention_max_months, within capacity", "[process][pipeline]") {
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 10000, documented_share: 1",
                                          ", casework_capacity: 1000, detention_capacity: 200, detention_max_months: 2",
                                          ", initial_stock: 1000", ", laissez_passer_rate: 0", 12));
  engine::Simulation sim(s, 8);
  std::vector<long> detained;
  test::Recorder rec([&](const engine::MonthReport& r) { detained.push_back(test::total(r, PairSeries::in_detention)); });
  sim.run(&rec);
  // Identified in month 1, detained from month 2 (capacity 200), released after 2 months, then
  // the next 200 are detained.
  CHECK(detained[1] == 0);
  CHECK(detained[2] == 200);
  for (long d : detained) CHECK(d <= 200);
  const auto& m = sim.migrants();
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m.flags[i] & model::flag::detained) CHECK(m.detention_months[i] <= 2);
  }
}

TEST_CASE("the stick behind the door: credible forced return raises voluntary departure",
          "[process][choices]") {
  const std::string behaviour = ", voluntary_departure_rate: 0.02, stick_behind_the_door: 2, non_cooperation_share: 0";
  const std::string origin = ", cooperation: 1, id_capacity: 10000, documented_share: 1";
  const auto no_removals = scenario_from(tiny_world(behaviour, origin, ", casework_capacity: 2000, removal_capacity: 0",
                                                    ", initial_stock: 20000", ", laissez_passer_rate: 1", 12));
  const auto removals = scenario_from(tiny_world(behaviour, origin, ", casework_capacity: 2000, removal_capacity: 1000",
                                                 ", initial_stock: 20000", ", laissez_passer_rate: 1", 12));
  // Compare the monthly hazard (departures / caseload at the start of the month), months 6-11.
  auto hazard = [](const scenario::Scenario& s) {
    const auto voluntary = series(s, PairSeries::returns_voluntary), stock = series(s, PairSeries::stock_order_to_leave);
    double left = 0, at_risk = 0;
    for (std::size_t t = 6; t < 12; ++t) {
      left += static_cast<double>(voluntary[t]);
      at_risk += static_cast<double>(stock[t - 1]);
    }
    return left / at_risk;
  };
  // Without removals the hazard stays 0.02; with ~5-8% removed a month, credibility is full and
  // the hazard is 0.02 x (1 + 2) = 0.06.
  CHECK(hazard(no_removals) == Approx(0.02).margin(0.003));
  CHECK(hazard(removals) == Approx(0.06).margin(0.006));
}

TEST_CASE("secondary movement and apprehension of absconded people", "[process][movement]") {
  const std::string two_states =
      "scenario: {name: two}\nsimulation: {months: 3, seed: 2, replications: 1}\n"
      "member_states:\n  - {id: AA, name: A, enforcement: 0}\n  - {id: BB, name: B, enforcement: 0}\n"
      "origin_countries:\n  - {id: OO, name: O}\n"
      "routes:\n  - {origin: OO, member_state: AA, asylum_applications: 0, initial_stock: 10000}\n"
      "behaviour: {voluntary_departure_rate: 0, abscond_rate: 1, subsequent_application_rate: 0,"
      " secondary_movement_rate: 1, apprehension_rate: 0, remigration_rate: 0}\n";
  const auto s = scenario_from(two_states);
  engine::Simulation sim(s, 4);
  sim.step(nullptr);  // everybody absconds in AA
  sim.step(nullptr);  // everybody moves: the only destination is BB
  const auto& m = sim.migrants();
  for (std::size_t i = 0; i < m.size(); ++i) {
    REQUIRE(m.status[i] == model::Status::absconded);
    REQUIRE(m.state[i] == 1);
  }
  // With apprehension certain, the absconded are back in the caseload the month after.
  std::string found = two_states;
  found.replace(found.find("apprehension_rate: 0"), 20, "apprehension_rate: 1");
  const auto found_scenario = scenario_from(found);
  engine::Simulation again(found_scenario, 4);
  again.step(nullptr);
  again.step(nullptr);
  for (std::size_t i = 0; i < again.migrants().size(); ++i) {
    REQUIRE(again.migrants().status[i] == model::Status::order_to_leave);
    REQUIRE(again.migrants().state[i] == 0);
  }
}

TEST_CASE("re-migration after return is lowered by reintegration support", "[process][reintegration]") {
  const std::string behaviour = ", voluntary_departure_rate: 1, remigration_rate: 0.1, reintegration_effect_per_1000_eur: 0.1";
  const auto plain = scenario_from(tiny_world(behaviour, "", "", ", initial_stock: 20000"));
  const auto supported = scenario_from(tiny_world(behaviour, "", ", avrr_support_eur: 5000", ", initial_stock: 20000"));
  // Month 0: everybody returns voluntarily. Month 1: p = 0.1, or 0.1 x (1 - 0.5) with support.
  CHECK(series(plain, PairSeries::remigrations)[1] == Approx(2000).margin(binomial_tolerance(20000, 0.1)));
  CHECK(series(supported, PairSeries::remigrations)[1] == Approx(1000).margin(binomial_tolerance(20000, 0.05)));
}

TEST_CASE("pair cooperation: a bilateral agreement helps only its signatory, within [0, 1]", "[process][cooperation]") {
  const auto s = scenario_from(
      "scenario: {name: c}\nsimulation: {months: 2}\n"
      "member_states:\n  - {id: AA, name: A}\n  - {id: BB, name: B}\n"
      "origin_countries:\n  - {id: OO, name: O, cooperation: 0.95}\n  - {id: PP, name: P, cooperation: 0.3}\n"
      "routes:\n  - {origin: OO, member_state: AA, agreement: binding, relations: 1}\n"
      "  - {origin: PP, member_state: AA, agreement: binding}\n  - {origin: PP, member_state: BB}\n"
      "eu: {agreements: {PP: eura}}\n");
  const engine::Simulation sim(s, 1);
  const auto& w = sim.world();
  CHECK(w.pair_cooperation[w.pair(0, 0)] == 1.0);  // clamped
  CHECK(w.pair_cooperation[w.pair(1, 0)] == Approx(0.3 + 0.02 + 0.15));
  CHECK(w.pair_cooperation[w.pair(1, 1)] == Approx(0.3 + 0.02));
  for (double c : w.pair_cooperation) {
    CHECK(c >= 0.0);
    CHECK(c <= 1.0);
  }
}
