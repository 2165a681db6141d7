// Each process alone on a tiny world whose answer is known in advance.
#include <catch2/catch.hpp>

#include <vector>

#include "../support.hpp"
#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/model/processes/forced_return.hpp"

using namespace returnsim;
using model::PairSeries;
using test::binomial_tolerance;
using test::scenario_from;
using test::series;
using test::tiny_world;

namespace {
/// The monthly probability of an event at hazard `rate` (per month): 1 - exp(-rate).
double p_of(double rate) { return 1.0 - std::exp(-rate); }
}  // namespace

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

TEST_CASE("the pass's cursor selects the ranks is_selected selects, from any block's first rank", "[pipeline]") {
  // PipelineCursor advances a remainder instead of dividing: from a block whose first rank is
  // `first`, its k-th take must be is_selected(first + k), and peek must say so without taking.
  namespace proc = model::processes;
  for (std::int64_t n : {1, 7, 100, 4099}) {
    for (std::int64_t q : {0l, 1l, n / 3, n - 1, n}) {
      for (std::int64_t offset : {0l, n / 2, n - 1}) {
        for (std::int64_t first : {0l, 1l, n / 2, n - 1}) {
          proc::PipelinePlan plan;
          plan.selection = {proc::StageSelection{n, q, offset}};
          const proc::BlockKeys block{proc::KeyRank{0, first}};
          proc::SelectionSlot slot;
          proc::PipelineCursor cursor(plan, block, &slot);
          for (std::int64_t r = first; r < n; ++r) {
            const bool expected = proc::is_selected(r, plan.selection[0]);
            REQUIRE(cursor.peek(0) == expected);
            REQUIRE(cursor.take(0) == expected);
          }
        }
      }
    }
  }
}

TEST_CASE("for_each_selected visits the positions is_selected selects, from any first rank", "[pipeline]") {
  // The waiting room selects from its queues by jumping from one selected rank to the next: the
  // positions must be exactly those whose rank is_selected takes, in order.
  namespace proc = model::processes;
  for (std::int64_t n : {1, 7, 100, 4099}) {
    for (std::int64_t q : {0l, 1l, n / 3, n - 1, n, n + 5}) {
      for (std::int64_t offset : {0l, n / 2, n - 1}) {
        for (std::int64_t first : {0l, 1l, n / 2, n - 1}) {
          const proc::StageSelection s{n, q, offset};
          std::vector<std::int64_t> expected, visited;
          for (std::int64_t r = first; r < n; ++r) {
            if (proc::is_selected(r, s)) expected.push_back(r - first);
          }
          proc::for_each_selected(s, first, n - first, [&](std::int64_t position) { visited.push_back(position); });
          REQUIRE(visited == expected);
        }
      }
    }
  }
}

TEST_CASE("voluntary departure: n x (1 - exp(-hazard)) people leave in the first month", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 0.5", "", "", ", initial_stock: 20000"));
  const auto returns = series(s, PairSeries::returns_voluntary);
  // 1 - exp(-0.5) = 0.393, not 0.5: a hazard, not a probability.
  CHECK(returns[0] == Approx(20000 * p_of(0.5)).margin(binomial_tolerance(20000, p_of(0.5))));
  CHECK(series(s, PairSeries::returns_forced)[0] == 0);
}

TEST_CASE("reintegration support raises voluntary departure only slightly", "[process][choices]") {
  const auto without = scenario_from(tiny_world(", voluntary_departure_rate: 0.05, support_effect_per_1000_eur: 0.02",
                                                "", "", ", initial_stock: 20000"));
  const auto with = scenario_from(tiny_world(", voluntary_departure_rate: 0.05, support_effect_per_1000_eur: 0.02",
                                             "", ", avrr_support_eur: 5000", ", initial_stock: 20000"));
  // hazard 0.05 x (1 + 0.02 x 5) = 0.055
  CHECK(series(with, PairSeries::returns_voluntary)[0] ==
        Approx(20000 * p_of(0.055)).margin(binomial_tolerance(20000, p_of(0.055))));
  CHECK(series(without, PairSeries::returns_voluntary)[0] ==
        Approx(20000 * p_of(0.05)).margin(binomial_tolerance(20000, p_of(0.05))));
}

TEST_CASE("absconding: rate lowered by enforcement, never while detained", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", abscond_rate: 0.1, enforcement_abscond_effect: 0.5", "",
                                          ", enforcement: 0.5", ", initial_stock: 20000"));
  // hazard 0.1 x (1 - 0.5 x 0.5) = 0.075
  CHECK(series(s, PairSeries::absconded)[0] == Approx(20000 * p_of(0.075)).margin(binomial_tolerance(20000, p_of(0.075))));
}

TEST_CASE("competing risks: the month's hazards share 1 - exp(-sum) in proportion", "[process][choices]") {
  // Hazards 2, 1 and 1: any event with 1 - exp(-4) = 0.982; half of it voluntary, a quarter each
  // absconding and a subsequent application. Summed as probabilities they would exceed 1.
  const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 2, abscond_rate: 1, subsequent_application_rate: 1",
                                          "", "", ", initial_stock: 40000"));
  const double any = p_of(4.0);
  CHECK(series(s, PairSeries::returns_voluntary)[0] == Approx(40000 * any / 2).margin(binomial_tolerance(40000, any / 2)));
  CHECK(series(s, PairSeries::absconded)[0] == Approx(40000 * any / 4).margin(binomial_tolerance(40000, any / 4)));
  CHECK(series(s, PairSeries::subsequent_applications)[0] ==
        Approx(40000 * any / 4).margin(binomial_tolerance(40000, any / 4)));
}

TEST_CASE("subsequent applications suspend removal and come back when rejected", "[process][choices]") {
  const auto s = scenario_from(tiny_world(", subsequent_application_rate: 0.1, subsequent_decision_months: 0.01,"
                                          " subsequent_recognition_rate: 0", "", "", ", initial_stock: 10000"));
  engine::Simulation sim(s, 3);
  std::vector<long> stock;
  test::Recorder rec([&](const engine::MonthReport& r) { stock.push_back(test::total(r, PairSeries::stock_order_to_leave)); });
  sim.step(&rec);
  CHECK(10000 - stock[0] == Approx(10000 * p_of(0.1)).margin(binomial_tolerance(10000, p_of(0.1))));
  // Month 1: the ~950 are all decided (decision hazard 100), none granted, and are back in the
  // caseload; of the others ~9.5% lodge one now.
  const double others = stock[0];
  sim.step(&rec);
  CHECK(10000 - stock[1] == Approx(p_of(0.1) * others).margin(binomial_tolerance(others, p_of(0.1))));
}

TEST_CASE("asylum decisions: rejected share gets an order to leave", "[process][asylum]") {
  // 100000 applications a month with a decision time of 0.01 months start as a pending pool of
  // 1000, all decided in month 0 (hazard 100); with a mean of 4 months, 1 - exp(-1/4) of them.
  const auto fast = scenario_from(tiny_world(", asylum_decision_months: 0.01", "", "",
                                             ", asylum_applications: 100000, recognition_rate: 0.3"));
  const auto orders = series(fast, PairSeries::orders_to_leave);
  CHECK(orders[0] == Approx(700).margin(binomial_tolerance(1000, 0.7)));
  const auto slow = scenario_from(tiny_world(", asylum_decision_months: 4", "", "",
                                             ", asylum_applications: 1000, recognition_rate: 0"));
  CHECK(series(slow, PairSeries::orders_to_leave)[0] == Approx(4000 * p_of(0.25)).margin(binomial_tolerance(4000, p_of(0.25))));
  const auto s = scenario_from(tiny_world(", asylum_decision_months: 1", "", "",
                                          ", asylum_applications: 1000, recognition_rate: 0.3"));
  const auto arrivals = series(s, PairSeries::arrivals);
  CHECK(arrivals[0] == Approx(1000).margin(4.5 * std::sqrt(1000.0)));
}

TEST_CASE("forced-return pipeline: casework, identification, laissez-passer, removal within capacity",
          "[process][pipeline]") {
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 10000, documented_share: 0",
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
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 50, documented_share: 0",
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
  // Requests in month 0, identified in month 1, travel documents in month 2; no removal capacity, so
  // the holders wait: detained from month 3 (capacity 200), released after 2 months, then the next
  // 200 are detained. Identified people without a document are never detained (Return Directive
  // art. 15: a reasonable prospect of removal).
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 10000, documented_share: 0",
                                          ", casework_capacity: 1000, detention_capacity: 200, detention_max_months: 2,"
                                          " removal_capacity: 0",
                                          ", initial_stock: 1000", ", laissez_passer_rate: 1", 12));
  engine::Simulation sim(s, 8);
  std::vector<long> detained;
  test::Recorder rec([&](const engine::MonthReport& r) { detained.push_back(test::total(r, PairSeries::in_detention)); });
  sim.run(&rec);
  CHECK(detained[2] == 0);
  CHECK(detained[3] == 200);
  for (long d : detained) CHECK(d <= 200);
  const auto& m = sim.migrants();
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m.flags[i] & model::flag::detained) {
      CHECK(m.detention_months[i] <= 2);
      CHECK(model::stage_of(m.flags[i]) == model::Stage::laissez_passer);
    }
  }
  // Without travel documents nobody is detained.
  const auto waiting = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 10000, documented_share: 0",
                                                ", casework_capacity: 1000, detention_capacity: 200", ", initial_stock: 1000",
                                                ", laissez_passer_rate: 0", 6));
  for (long d : series(waiting, PairSeries::in_detention)) CHECK(d == 0);
}

TEST_CASE("the stick behind the door: credible forced return raises voluntary departure",
          "[process][choices]") {
  const std::string behaviour = ", voluntary_departure_rate: 0.02, stick_behind_the_door: 2, non_cooperation_share: 0,"
                                " credibility_reference_hazard: 0.01";
  const std::string origin = ", cooperation: 1, id_capacity: 10000, documented_share: 0";
  const auto no_removals = scenario_from(tiny_world(behaviour, origin, ", casework_capacity: 2000, removal_capacity: 0",
                                                    ", initial_stock: 20000", ", laissez_passer_rate: 1", 12));
  const auto removals = scenario_from(tiny_world(behaviour, origin, ", casework_capacity: 2000, removal_capacity: 1000",
                                                 ", initial_stock: 20000", ", laissez_passer_rate: 1", 12));
  // Compare the monthly chance of departure (departures / caseload at the start of the month
  // that was not removed first), months 6-11.
  auto hazard = [](const scenario::Scenario& s) {
    const auto voluntary = series(s, PairSeries::returns_voluntary), stock = series(s, PairSeries::stock_order_to_leave);
    const auto removed = series(s, PairSeries::returns_forced);
    double left = 0, at_risk = 0;
    for (std::size_t t = 6; t < 12; ++t) {
      left += static_cast<double>(voluntary[t]);
      at_risk += static_cast<double>(stock[t - 1] - removed[t]);
    }
    return left / at_risk;
  };
  // Without removals the hazard stays 0.02; with ~5-8% removed a month, credibility is full and
  // the hazard is 0.02 x (1 + 2) = 0.06 (monthly probabilities 1 - exp(-hazard)).
  CHECK(hazard(no_removals) == Approx(p_of(0.02)).margin(0.002));
  CHECK(hazard(removals) == Approx(p_of(0.06)).margin(0.004));
}

TEST_CASE("secondary movement and apprehension of absconded people", "[process][movement]") {
  const std::string two_states =
      "scenario: {name: two}\nsimulation: {months: 3, burn_in_months: 0, seed: 2, replications: 1}\n"
      "member_states:\n  - {id: AA, name: A, enforcement: 0}\n  - {id: BB, name: B, enforcement: 0}\n"
      "origin_countries:\n  - {id: OO, name: O, documented_share: 0}\n"
      "routes:\n  - {origin: OO, member_state: AA, asylum_applications: 0, initial_stock: 10000}\n"
      "behaviour: {voluntary_departure_rate: 0, abscond_rate: 50, subsequent_application_rate: 0,"
      " secondary_movement_rate: 50, apprehension_rate: 0, onward_departure_rate: 0, regularisation_rate: 0,"
      " remigration_rate: 0}\n";
  const auto s = scenario_from(two_states);
  engine::Simulation sim(s, 4);
  sim.step(nullptr);  // everybody absconds in AA
  sim.step(nullptr);  // everybody moves: the only destination is BB
  const auto& m = sim.migrants();
  for (std::size_t i = 0; i < m.size(); ++i) {
    REQUIRE(m.status[i] == model::Status::absconded);
    REQUIRE(m.state[i] == 1);
  }
  // With apprehension certain, the absconded are back in the caseload the month after, each with a
  // new order to leave.
  std::string found = two_states;
  found.replace(found.find("secondary_movement_rate: 50, apprehension_rate: 0"), 49,
                "secondary_movement_rate: 0, apprehension_rate: 50");
  const auto found_scenario = scenario_from(found);
  engine::Simulation again(found_scenario, 4);
  again.step(nullptr);
  long reapprehended = 0, orders = 0;
  test::Recorder count([&](const engine::MonthReport& r) {
    reapprehended = test::total(r, PairSeries::reapprehensions);
    orders = test::total(r, PairSeries::orders_to_leave);
  });
  again.step(&count);
  CHECK(reapprehended == 10000);
  CHECK(orders == 10000);
  for (std::size_t i = 0; i < again.migrants().size(); ++i) {
    REQUIRE(again.migrants().status[i] == model::Status::order_to_leave);
    REQUIRE(again.migrants().state[i] == 0);
  }
}

TEST_CASE("re-migration after return is lowered by reintegration support", "[process][reintegration]") {
  const std::string behaviour = ", voluntary_departure_rate: 50, remigration_rate: 0.1, reintegration_effect_per_1000_eur: 0.1";
  const auto plain = scenario_from(tiny_world(behaviour, "", "", ", initial_stock: 20000"));
  const auto supported = scenario_from(tiny_world(behaviour, "", ", avrr_support_eur: 5000", ", initial_stock: 20000"));
  // Month 0: everybody returns voluntarily. Month 1: hazard 0.1, or 0.1 x (1 - 0.5) with support.
  CHECK(series(plain, PairSeries::remigrations)[1] == Approx(20000 * p_of(0.1)).margin(binomial_tolerance(20000, p_of(0.1))));
  CHECK(series(supported, PairSeries::remigrations)[1] ==
        Approx(20000 * p_of(0.05)).margin(binomial_tolerance(20000, p_of(0.05))));
}

TEST_CASE("pair cooperation: a bilateral agreement helps only its signatory, within [0, 1]", "[process][cooperation]") {
  const auto s = scenario_from(
      "scenario: {name: c}\nsimulation: {months: 2, burn_in_months: 0}\n"
      "member_states:\n  - {id: AA, name: A}\n  - {id: BB, name: B}\n"
      "origin_countries:\n  - {id: OO, name: O, cooperation: 0.95}\n  - {id: PP, name: P, cooperation: 0.3}\n"
      "routes:\n  - {origin: OO, member_state: AA, agreement: binding, relations: 1}\n"
      "  - {origin: PP, member_state: AA, agreement: binding}\n  - {origin: PP, member_state: BB}\n"
      "eu: {agreements: {PP: eura}}\n");
  const engine::Simulation sim(s, 1);
  const auto& w = sim.world();
  const auto shifted = [](double p, double x) {
    return model::processes::logistic(model::processes::log_odds(p) + x);
  };
  // 0.95 with a binding agreement and the best relations: close to 1, never above.
  CHECK(w.pair_cooperation[w.pair(0, 0)] == Approx(shifted(0.95, 1.0 + 0.5)));
  CHECK(w.pair_cooperation[w.pair(0, 0)] < 1.0);
  // Log-odds add up: 0.3 with the EURA (0.1) and a binding agreement (1.0) on AA's pair only.
  CHECK(w.pair_cooperation[w.pair(1, 0)] == Approx(shifted(0.3, 0.1 + 1.0)));
  CHECK(w.pair_cooperation[w.pair(1, 1)] == Approx(shifted(0.3, 0.1)));
  for (double c : w.pair_cooperation) {
    CHECK(c >= 0.0);
    CHECK(c <= 1.0);
  }
}

TEST_CASE("first apprehensions in irregular stay are ordered to leave on the spot", "[process][asylum]") {
  const auto s = scenario_from(tiny_world("", "", "", ", irregular_apprehensions: 2000"));
  const auto apprehended = series(s, PairSeries::irregular_apprehensions);
  const auto orders = series(s, PairSeries::orders_to_leave);
  const auto stock = series(s, PairSeries::stock_order_to_leave);
  const auto arrivals = series(s, PairSeries::arrivals);
  CHECK(apprehended[0] == Approx(2000).margin(4.5 * std::sqrt(2000.0)));
  for (std::size_t t = 0; t < orders.size(); ++t) {
    CHECK(orders[t] == apprehended[t]);  // no asylum: every order follows an apprehension
    CHECK(arrivals[t] == 0);             // and nobody applied
  }
  CHECK(stock[1] == apprehended[0] + apprehended[1]);  // nobody leaves: every rate is 0
}

TEST_CASE("removal attempts fail at their rates and use their slots", "[process][pipeline]") {
  // Everybody holds a travel document from month 2; removal capacity 1000 a month, of which 40%
  // fail for people at liberty: ~600 removed and ~400 failed a month, together exactly 1000.
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0, removal_failure_at_liberty: 0.4",
                                          ", cooperation: 1, id_capacity: 100000, documented_share: 0",
                                          ", casework_capacity: 100000, removal_capacity: 1000", ", initial_stock: 20000",
                                          ", laissez_passer_rate: 1"));
  const auto removed = series(s, PairSeries::returns_forced), failed = series(s, PairSeries::removals_failed);
  for (std::size_t t = 3; t < 8; ++t) {
    CHECK(removed[t] + failed[t] == 1000);
    CHECK(failed[t] == Approx(400).margin(binomial_tolerance(1000, 0.4)));
  }
  // From detention the attempts fail at the detained rate.
  const auto detained = scenario_from(tiny_world(", non_cooperation_share: 0, removal_failure_at_liberty: 1,"
                                                 " removal_failure_detained: 0",
                                                 ", cooperation: 1, id_capacity: 100000, documented_share: 0",
                                                 ", casework_capacity: 500, removal_capacity: 500, detention_capacity: 100000",
                                                 ", initial_stock: 5000", ", laissez_passer_rate: 1"));
  long succeeded = 0;
  for (long v : series(detained, PairSeries::returns_forced)) succeeded += v;
  CHECK(succeeded > 2000);  // only possible from detention: at liberty every attempt fails
}

TEST_CASE("a refused case waits request_retry_months before casework takes it up again", "[process][pipeline]") {
  // Cooperation 0: every answer is a refusal. Requests in month 0, refusals in month 1, then a
  // wait of 3 months before the same people are requested again in month 5.
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0, request_retry_months: 3",
                                          ", cooperation: 0, id_capacity: 100000, documented_share: 0",
                                          ", casework_capacity: 100000", ", initial_stock: 1000"));
  const auto requests = series(s, PairSeries::identification_requests);
  const auto refused = series(s, PairSeries::identification_refused);
  CHECK(requests[0] == 1000);
  CHECK(refused[1] == 1000);
  for (std::size_t t = 1; t < 5; ++t) CHECK(requests[t] == 0);
  CHECK(requests[5] == 1000);
}

TEST_CASE("absconded people leave the EU unrecorded or are regularised, and the stock empties", "[process][movement]") {
  // Hazards 0.03 (onward) and 0.01 (regularisation): 1 - exp(-0.04) leave in the first month,
  // three quarters of them onward.
  const auto s = scenario_from(tiny_world(", abscond_rate: 50, onward_departure_rate: 0.03, regularisation_rate: 0.01",
                                          "", "", ", initial_stock: 40000", "", 60));
  const auto onward = series(s, PairSeries::onward_departures), regularised = series(s, PairSeries::regularisations);
  const auto stock = series(s, PairSeries::stock_absconded);
  const double left = stock[0] * p_of(0.04);
  CHECK(onward[1] == Approx(0.75 * left).margin(binomial_tolerance(stock[0], 0.75 * p_of(0.04))));
  CHECK(regularised[1] == Approx(0.25 * left).margin(binomial_tolerance(stock[0], 0.25 * p_of(0.04))));
  // After 5 years exp(-0.04 x 59) of the stock is left: a steady state at zero inflow.
  CHECK(stock[59] == Approx(stock[0] * std::exp(-0.04 * 59)).margin(4.5 * std::sqrt(stock[0] * 0.1)));
}

TEST_CASE("returned people can migrate again only within the re-migration window", "[process][reintegration]") {
  // Everybody who migrates again is granted protection (recognition 1), so nobody returns twice.
  const auto s = scenario_from(tiny_world(", voluntary_departure_rate: 50, remigration_rate: 0.2, remigration_window_months: 3",
                                          "", "", ", initial_stock: 20000, recognition_rate: 1", "", 12));
  const auto remigrations = series(s, PairSeries::remigrations);
  CHECK(remigrations[1] > 0);
  CHECK(remigrations[3] > 0);
  // Returned in month 0; months 1, 2 and 3 are inside the window.
  for (std::size_t t = 4; t < 8; ++t) CHECK(remigrations[t] == 0);
}

TEST_CASE("schedules scale flows and capacities from their month, in the reported horizon only", "[process][schedules]") {
  // Removal capacity 1000 a month, halved from 2025-05 to 2025-08; apprehensions doubled from 2025-06.
  const std::string schedules =
      "schedules:\n"
      "  - {name: shock, quantity: removal_capacity, from: \"2025-05\", to: \"2025-08\", factor: 0.5}\n"
      "  - {name: surge, quantity: irregular_apprehensions, origin: OO, from: \"2025-06\", factor: 2}\n";
  auto world = [&](int burn_in) {
    std::string yaml = tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 100000, documented_share: 0",
                                  ", casework_capacity: 100000, removal_capacity: 1000",
                                  ", initial_stock: 30000, irregular_apprehensions: 1000", ", laissez_passer_rate: 1", 10) +
                       schedules;
    yaml.replace(yaml.find("burn_in_months: 0"), 17, "burn_in_months: " + std::to_string(burn_in));
    yaml.replace(yaml.find("seed: 11"), 8, "seed: 11, start: \"2025-01\"");
    return scenario_from(yaml);
  };
  const auto s = world(0);
  const auto removed = series(s, PairSeries::returns_forced), apprehended = series(s, PairSeries::irregular_apprehensions);
  CHECK(removed[3] == 1000);  // the first travel documents: removals from month 3
  CHECK(removed[4] == 500);   // 2025-05
  CHECK(removed[6] == 500);
  CHECK(removed[7] == 1000);  // 2025-08: the shock is over
  for (std::size_t t = 0; t < 5; ++t) CHECK(apprehended[t] == Approx(1000).margin(4.5 * std::sqrt(1000.0)));
  for (std::size_t t = 5; t < 10; ++t) CHECK(apprehended[t] == Approx(2000).margin(4.5 * std::sqrt(2000.0)));
  // With a burn-in, the schedules wait for the reported months: the same calendar, the same shape.
  const auto spun_up = series(world(24), PairSeries::irregular_apprehensions);
  for (std::size_t t = 0; t < 5; ++t) CHECK(spun_up[t] == Approx(1000).margin(4.5 * std::sqrt(1000.0)));
  for (std::size_t t = 5; t < 10; ++t) CHECK(spun_up[t] == Approx(2000).margin(4.5 * std::sqrt(2000.0)));
}

TEST_CASE("documented people need no identification request: taken up, they are identified", "[process][pipeline]") {
  // Half documented, casework for 2000 a month: about 1000 documented taken up in month 0 are
  // identified at once, accepted in month 1 (no travel document) and removed in month 2; about
  // 1000 undocumented are requested in month 0, identified in month 1 and get documents in month 2
  // (cooperation 1 is read as 1 - 1e-4: a refusal in ten thousand).
  const auto s = scenario_from(tiny_world(", non_cooperation_share: 0", ", cooperation: 1, id_capacity: 100000, documented_share: 0.5",
                                          ", casework_capacity: 2000, removal_capacity: 100000", ", initial_stock: 10000",
                                          ", laissez_passer_rate: 1", 4));
  const auto requests = series(s, PairSeries::identification_requests);
  const auto documents = series(s, PairSeries::travel_documents_issued);
  const auto removed = series(s, PairSeries::returns_forced);
  const double tolerance = 4.5 * std::sqrt(2000 * 0.25);
  CHECK(requests[0] == Approx(1000).margin(tolerance));  // the undocumented among the 2000 taken up
  CHECK(documents[1] == 0);
  CHECK(removed[2] == Approx(2000 - requests[0]).margin(3));  // the documented
  CHECK(documents[2] == Approx(requests[0]).margin(3));
  // Not where forced return is impossible: there the documented wait like everybody (nothing).
  const auto unsafe = scenario_from(tiny_world(", non_cooperation_share: 0",
                                               ", cooperation: 1, id_capacity: 100000, documented_share: 1, safe_return: false",
                                               ", casework_capacity: 100", ", initial_stock: 10000", ", laissez_passer_rate: 1", 3));
  for (long d : series(unsafe, PairSeries::travel_documents_issued)) CHECK(d == 0);
}

TEST_CASE("casework is shared by candidates x cooperation, never more than a group's candidates", "[pipeline]") {
  using model::processes::weighted_quotas;
  // Enough for everybody: everybody.
  CHECK(weighted_quotas(100, {10, 20}, {0.1, 0.9}) == std::vector<std::int64_t>{10, 20});
  // 30 among 100 + 100 candidates with weights 0.1 and 0.5: 5 and 25.
  CHECK(weighted_quotas(30, {100, 100}, {0.1, 0.5}) == std::vector<std::int64_t>{5, 25});
  // The cooperative group is saturated at its 10; the rest goes to the other.
  CHECK(weighted_quotas(30, {100, 10}, {0.1, 0.9}) == std::vector<std::int64_t>{20, 10});
  // Whole units adding up to the capacity, with any weights.
  for (std::int64_t capacity : {0, 1, 7, 99, 250}) {
    const auto q = weighted_quotas(capacity, {40, 70, 0, 55, 90}, {0.013, 0.3, 0.5, 0.0, 0.77});
    std::int64_t sum = 0;
    const std::vector<std::int64_t> candidates{40, 70, 0, 55, 90};
    for (std::size_t g = 0; g < q.size(); ++g) {
      CHECK(q[g] >= 0);
      CHECK(q[g] <= candidates[g]);
      sum += q[g];
    }
    CHECK(sum == std::min<std::int64_t>(capacity, 255));
  }
}

TEST_CASE("casework's whole units go to the largest remainders, ties to the lower group", "[pipeline]") {
  // Three groups of equal weight share 10: 3.33 each; the one unit left goes to the first.
  using model::processes::weighted_quotas;
  CHECK(weighted_quotas(10, {100, 100, 100}, {1.0, 1.0, 1.0}) == std::vector<std::int64_t>{4, 3, 3});
  // 6 among candidates 13, 6, 3, 2 of equal weight: shares 3.25, 1.5, 0.75, 0.5, floors 3, 1, 0, 0;
  // the two units left go to the largest fractions, 0.75 (group 2) and 0.5 (groups 1 and 3: the
  // lower, group 1), not to group 0, first in position.
  CHECK(weighted_quotas(6, {13, 6, 3, 2}, {1.0, 1.0, 1.0, 1.0}) == std::vector<std::int64_t>{3, 2, 1, 0});
}

TEST_CASE("casework goes first to the cases of origins that cooperate", "[process][pipeline]") {
  // Two origins, 10000 undocumented cases each, casework 1000 a month, cooperation 0.1 and 0.4:
  // shared by chance of success (x undocumented_factor, the same for both) to the power
  // casework_priority: 0 gives 500 / 500, 1 gives 200 / 800, 2 gives 1/17 and 16/17 (59 / 941).
  auto requests = [](int priority) {
    const auto s = scenario_from(
        "scenario: {name: two}\nsimulation: {months: 1, burn_in_months: 0, seed: 2, replications: 1}\n"
        "member_states:\n  - {id: AA, name: A, casework_capacity: 1000}\n"
        "origin_countries:\n  - {id: OO, name: O, cooperation: 0.1, documented_share: 0, id_capacity: 0}\n"
        "  - {id: PP, name: P, cooperation: 0.4, documented_share: 0, id_capacity: 0}\n"
        "routes:\n  - {origin: OO, member_state: AA, initial_stock: 10000}\n"
        "  - {origin: PP, member_state: AA, initial_stock: 10000}\n"
        "behaviour: {abscond_rate: 0, voluntary_departure_rate: 0, subsequent_application_rate: 0, casework_priority: " +
        std::to_string(priority) +
        "}\n"
        "cooperation: {noise_sd: 0, eura_effect: 0, informal_effect: 0, relations_effect: 0, domestic_cost_effect: 0}\n");
    engine::Simulation sim(s, 1);
    std::pair<long, long> out;
    test::Recorder rec([&](const engine::MonthReport& r) {
      out = {r.counts.at(PairSeries::identification_requests, r.world.pair(0, 0)),
             r.counts.at(PairSeries::identification_requests, r.world.pair(1, 0))};
    });
    sim.run(&rec);
    return out;
  };
  CHECK(requests(0) == std::pair<long, long>{500, 500});
  CHECK(requests(1) == std::pair<long, long>{200, 800});
  CHECK(requests(2) == std::pair<long, long>{59, 941});
}
