// The stylized facts of SPEC §6 and the held-out figures of FACTS.md, from real runs of the
// calibrated EU baseline (scenarios/eu-baseline.yaml) after its burn-in, with the validation seed.
// Nothing checked here was fitted: what tools/calibrate_baseline.py fits (per-origin return rates,
// the voluntary share, requests per order, the binding-agreement effect, the Art. 25a thresholds on
// the first assessment, the Council's adoption share) is checked in test_calibration.cpp. Effects
// come from paired runs (the same streams with and without the change). Each test prints what it
// found ("fact N: ...") for docs/calibration.md.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "baseline_runs.hpp"
#include "returnsim/model/processes/statistics.hpp"
#include "returnsim/model/processes/visa_assessment.hpp"

using namespace returnsim;
using namespace returnsim::validation;

namespace {

constexpr std::size_t kTenYears = 120;

/// Every 24-month window of a run set, a month apart.
std::vector<Window> two_year_windows(const Runs& b) {
  std::vector<Window> out;
  for (std::size_t first = 0; first + 24 <= b.runs[0].months; ++first) out.push_back({first, first + 24});
  return out;
}

}  // namespace

TEST_CASE("ten years of the status quo: stationary, and facts 1 and 11 in every 24-month window", "[validation]") {
  const Runs b = runs_of(baseline_scenario(kTenYears));
  // Item 2 of the model round: stock with an order to leave (yearly mean), return rate and
  // voluntary share, each within 5% (relative) between years 3 and 10.
  std::array<double, 10> stock{}, rate{}, voluntary{};
  for (std::size_t y = 0; y < 10; ++y) {
    const Window w{12 * y, 12 * y + 12};
    stock[y] = total(b, PairSeries::stock_order_to_leave, everything, w) / 12;
    rate[y] = return_rate(b, everything, w);
    voluntary[y] = total(b, PairSeries::returns_voluntary, everything, w) / returns(b, everything, w);
  }
  for (const auto* figure : {&stock, &rate, &voluntary}) {
    const auto& v = *figure;
    const double low = *std::min_element(v.begin() + 2, v.end()), high = *std::max_element(v.begin() + 2, v.end());
    CHECK(high <= low * 1.05);
    CHECK(v[9] == Approx(v[2]).epsilon(0.05));
  }
  std::printf("stationarity: years 3 / 10: stock with an order %.0f / %.0f, return rate %.1f%% / %.1f%%, "
              "voluntary share %.1f%% / %.1f%%\n",
              stock[2] / b.runs.size(), stock[9] / b.runs.size(), 100 * rate[2], 100 * rate[9], 100 * voluntary[2],
              100 * voluntary[9]);
  // Fact 1 (15-35%) and fact 11 (voluntary 30-60% of returns; absconding the largest outflow,
  // FACTS.md NL: larger than voluntary and forced departure together) in every window.
  double lowest = 1, highest = 0, lowest_share = 1, highest_share = 0, least_absconding = 1e300;
  for (const Window w : two_year_windows(b)) {
    const double r = return_rate(b, everything, w);
    const double share = total(b, PairSeries::returns_voluntary, everything, w) / returns(b, everything, w);
    const double absconded_over_returns = total(b, PairSeries::absconded, everything, w) / returns(b, everything, w);
    lowest = std::min(lowest, r);
    highest = std::max(highest, r);
    lowest_share = std::min(lowest_share, share);
    highest_share = std::max(highest_share, share);
    least_absconding = std::min(least_absconding, absconded_over_returns);
  }
  std::printf("fact 1: EU-wide return rate in every 24-month window of 10 years: %.1f%% to %.1f%%\n", 100 * lowest,
              100 * highest);
  std::printf("fact 11: voluntary share %.1f%% to %.1f%%; absconded at least %.1f times the returns\n",
              100 * lowest_share, 100 * highest_share, least_absconding);
  CHECK(lowest >= 0.15);
  CHECK(highest <= 0.35);
  CHECK(lowest_share >= 0.30);
  CHECK(highest_share <= 0.60);
  CHECK(least_absconding > 1.0);
}

TEST_CASE("fact 11 in the Netherlands: absconding is larger than voluntary and forced departure together",
          "[validation]") {
  // FACTS.md NL (DT&V): "larger than voluntary and forced departure together: roughly 50-60% of
  // closed cases". The model's share is printed for docs/calibration.md, which discusses why it is
  // higher than DT&V's.
  const Runs b = runs_of(baseline_scenario(48));
  const auto nl = state_is(state_index(b.scenario, "NL"));
  const Window w = last_two_years(b);
  const double absconded = total(b, PairSeries::absconded, nl, w), returned = returns(b, nl, w);
  const double failed = total(b, PairSeries::removals_failed, nl, w), forced = total(b, PairSeries::returns_forced, nl, w);
  std::printf("fact 11: NL absconded share of closed cases %.1f%% (DT&V 50-60%%); failed removals %.0f%% of attempts "
              "(NL 2018: 58%%)\n",
              100 * absconded / (absconded + returned), 100 * failed / (failed + forced));
  CHECK(absconded > returned);
}

TEST_CASE("fact 2: assessments 1-5 each put roughly a third of the 39 in each class", "[validation]") {
  // The baseline's own assessments: the Commission assesses but proposes nothing, so the classes
  // are those of the status quo's steady state (with proposals, measures move origins out of
  // insufficient over the years: that is fact 4). At agent_scale 1: at 5 the sampling noise of the
  // small origins' scores is 2.2 times the real one. The thresholds were fitted to the first
  // assessment of other runs (calibration seed); assessments 2-5 and these runs are held out.
  const Runs b = runs_of(baseline_scenario(60, {{"policies.visa_leverage.enabled", "true"},
                                               {"policies.visa_leverage.max_new_proposals", "0"},
                                               {"simulation.agent_scale", "1"}}));
  std::size_t visa_required = 0;
  for (const auto& o : b.scenario.origin_countries) visa_required += o.visa_required ? 1 : 0;
  REQUIRE(visa_required == 39);
  std::map<std::uint32_t, std::array<double, 3>> mean;  // per assessment month, mean class sizes
  for (const auto& r : b.runs) {
    std::map<std::uint32_t, std::array<int, 3>> classes;
    for (const auto& e : r.events) {
      if (e.kind == model::PolicyEventKind::assessed) ++classes[e.month][static_cast<std::size_t>(e.level)];
    }
    REQUIRE(classes.size() == 5);
    for (const auto& [month, c] : classes) {
      std::printf("fact 2: run %zu, month %u: insufficient %d, average %d, good %d\n", r.info.index, month, c[0], c[1],
                  c[2]);
      CHECK(c[0] + c[1] + c[2] == 39);
      for (std::size_t k = 0; k < 3; ++k) mean[month][k] += c[k] / static_cast<double>(b.runs.size());
    }
  }
  std::array<double, 3> overall{};
  for (const auto& [month, m] : mean) {
    std::printf("fact 2: month %u, mean over runs: insufficient %.1f, average %.1f, good %.1f\n", month, m[0], m[1], m[2]);
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(m[k] >= 0.20 * 39);
      CHECK(m[k] <= 0.45 * 39);
      overall[k] += m[k];
    }
  }
  CHECK(overall[0] >= overall[1]);
  CHECK(overall[0] >= overall[2]);
}

TEST_CASE("fact 3: non-binding and EU-wide agreements change returns by less than 3 points", "[validation]") {
  // WODC 2022 (seed 002): no demonstrable effect. The binding agreement's +5-10 points are fitted
  // (test_calibration.cpp).
  const Runs none = runs_of(baseline_scenario(48));
  const std::size_t ma = origin_index(none.scenario, "MA"), fr = state_index(none.scenario, "FR");
  const double non_binding = return_rate(runs_of(baseline_scenario(48, {{"routes.MA:FR.agreement", "non_binding"}})),
                                         pair_is(ma, fr)) -
                             return_rate(none, pair_is(ma, fr));
  const double eu = return_rate(runs_of(baseline_scenario(48, {{"eu.agreements.MA", "eura"}})), origin_is(ma)) -
                    return_rate(none, origin_is(ma));
  std::printf("fact 3: Morocco-France non-binding %+.2f points; EU readmission agreement with Morocco %+.2f points\n",
              100 * non_binding, 100 * eu);
  CHECK(std::abs(non_binding) < 0.03);
  CHECK(std::abs(eu) < 0.03);
}

TEST_CASE("fact 4: the Art. 25a cycle on a low-cooperation, visa-sensitive origin raises its cooperation and returns",
          "[validation]") {
  // The whole cycle: assessment (month 11) -> proposal -> Council (6 months later) -> measures.
  // Senegal (insufficient; seed 003: a proposal was made; visa_sensitivity 0.8); the Commission
  // proposes for every insufficient origin and the Council adopts, so that Senegal is sure to
  // meet the whole cycle. Against the same world without the cycle, over the 24 months after
  // adoption.
  const std::vector<io::Override> cycle = {{"policies.visa_leverage.enabled", "true"},
                                           {"policies.visa_leverage.max_new_proposals", "39"},
                                           {"policies.visa_leverage.council_adoption_probability", "1"}};
  const Runs with = runs_of(baseline_scenario(48, cycle)), without = runs_of(baseline_scenario(48));
  const std::size_t sn = origin_index(with.scenario, "SN");
  for (const auto& r : with.runs) {
    bool assessed = false, proposed = false, adopted = false;
    for (const auto& e : r.events) {
      if (e.origin != sn) continue;
      assessed |= e.kind == model::PolicyEventKind::assessed && e.month == 11 && e.level == model::assessment::insufficient;
      proposed |= e.kind == model::PolicyEventKind::proposed && e.month == 11 && e.level == 1;
      adopted |= e.kind == model::PolicyEventKind::adopted && e.month == 17 && e.level == 1;
    }
    CHECK(assessed);
    CHECK(proposed);
    CHECK(adopted);
    CHECK(r.visa_measure_level[17 * r.origins + sn] == 1);
  }
  const Window after{17, 41};
  const double cooperation_with = cooperation_index(with, sn, 40), cooperation_without = cooperation_index(without, sn, 40);
  const double returns_with = returns(with, origin_is(sn), after), returns_without = returns(without, origin_is(sn), after);
  const double forced_with = total(with, PairSeries::returns_forced, origin_is(sn), after);
  const double forced_without = total(without, PairSeries::returns_forced, origin_is(sn), after);
  std::printf("fact 4: Senegal 24 months after adoption: cooperation %.3f vs %.3f, returns %+.1f%% (%.0f vs %.0f), "
              "forced returns %+.0f%%\n",
              cooperation_with, cooperation_without, 100 * (returns_with / returns_without - 1), returns_with,
              returns_without, 100 * (forced_with / forced_without - 1));
  CHECK(cooperation_with > cooperation_without * 1.1);
  CHECK(forced_with > forced_without * 1.1);
  CHECK(returns_with > returns_without);
}

TEST_CASE("fact 5: doubling reintegration support adds less than half a point, and the test sees a 3x effect",
          "[validation]") {
  // From a package of EUR 1,500 everywhere (seed 004: in-kind support, a typical AVRR package) to
  // EUR 3,000. "Only marginally" (seed 004) is read as under half a point: a tenth of the effect of
  // a binding agreement. The same doubling with a support effect three times the parameter table's
  // must exceed that bound, or this test could not tell a marginal effect from a large one.
  // Eight replications: the 3x effect lies near the bound (+0.54 points), and three left it within
  // sampling noise of it (+0.46 in one draw of the streams).
  auto with_support = [](double eur, double effect_factor) {
    std::vector<io::Override> o = {{"member_states.*.avrr_support_eur", std::to_string(eur)}};
    o.push_back({"behaviour.support_effect_per_1000_eur", std::to_string(0.02 * effect_factor)});
    return return_rate(runs_of(baseline_scenario(48, o), 8), everything);
  };
  const double gain = with_support(3000, 1) - with_support(1500, 1);
  const double gain_3x = with_support(3000, 3) - with_support(1500, 3);
  std::printf("fact 5: support EUR 1,500 -> 3,000: %+.2f points (with a support effect 3x larger: %+.2f)\n",
              100 * gain, 100 * gain_3x);
  CHECK(gain > -0.002);
  CHECK(gain < 0.005);
  CHECK(gain_3x >= 0.005);
}

TEST_CASE("fact 6: documents are the bottleneck, and removal capacity binds where it should", "[validation]") {
  const Runs base = runs_of(baseline_scenario(48));
  const Window w = last_two_years(base);
  auto scaled_removal = [&](double factor) {
    std::vector<io::Override> o;
    for (const auto& s : base.scenario.member_states) {
      o.push_back({"member_states." + s.id + ".removal_capacity", std::to_string(factor * s.removal_capacity)});
    }
    return runs_of(baseline_scenario(48, o));
  };
  const Runs doubled = scaled_removal(2), halved = scaled_removal(0.5);
  const Runs cooperative = runs_of(baseline_scenario(48, {{"origin_countries.*.cooperation", "1"}}));
  // Where capacity binds (attempts at 97% of it or more), doubling it raises forced returns there.
  int binding = 0;
  for (std::size_t st = 0; st < base.scenario.member_states.size(); ++st) {
    const auto here = state_is(st);
    const double attempts = (total(base, PairSeries::returns_forced, here, w) +
                             total(base, PairSeries::removals_failed, here, w)) /
                            static_cast<double>(base.runs.size() * 24);
    if (attempts < 0.97 * base.scenario.member_states[st].removal_capacity) continue;
    ++binding;
    const double forced = total(base, PairSeries::returns_forced, here, w);
    CHECK(total(doubled, PairSeries::returns_forced, here, w) > 1.05 * forced);
  }
  const double rate = return_rate(base, everything);
  const double removal_gain = return_rate(doubled, everything) - rate;
  const double cooperation_gain = return_rate(cooperative, everything) - rate;
  const double forced = total(base, PairSeries::returns_forced, everything, w);
  const double forced_halved = total(halved, PairSeries::returns_forced, everything, w);
  std::printf("fact 6: removal capacity binds in %d states; perfect cooperation %+.1f points, double removal capacity "
              "%+.1f points; half removal capacity: forced returns %+.0f%%\n",
              binding, 100 * cooperation_gain, 100 * removal_gain, 100 * (forced_halved / forced - 1));
  CHECK(binding >= 3);
  CHECK(removal_gain > 0);
  CHECK(cooperation_gain > 0.03);
  CHECK(cooperation_gain > 3 * removal_gain);
  CHECK(forced_halved < 0.9 * forced);
}

TEST_CASE("a 2020-style flight stop halves returns while orders fall less", "[validation]") {
  // FACTS.md, the pandemic: returns 142,300 (2019) -> 70,200 (2020), orders 491,200 -> 396,400.
  // Year 2 of the run takes Germany's 2020 deportations by month relative to its 2019 monthly mean
  // (Bundestag: Jan 1,565 ... Jun 406; 10,800 in the year against 22,097) for removals and for
  // voluntary departures (flights stopped for both), and the fall of orders (-19%) for the flows.
  std::string yaml = "schedules:\n";
  const std::array<double, 12> flights = {0.85, 0.87, 0.50, 0.016, 0.05, 0.22, 0.56, 0.56, 0.56, 0.56, 0.56, 0.56};
  for (std::size_t m = 0; m < 12; ++m) {
    char line[512];
    const int month = static_cast<int>(m) + 1;
    std::snprintf(line, sizeof line,
                  "  - {name: removal-%02d, quantity: removal_capacity, from: \"2024-%02d\", to: \"%s\", factor: %g}\n"
                  "  - {name: travel-%02d, quantity: voluntary_departure, from: \"2024-%02d\", to: \"%s\", factor: %g}\n",
                  month, month, month == 12 ? "2025-01" : ("2024-" + std::string(month + 1 < 10 ? "0" : "") +
                                                           std::to_string(month + 1)).c_str(),
                  flights[m], month, month,
                  month == 12 ? "2025-01" : ("2024-" + std::string(month + 1 < 10 ? "0" : "") + std::to_string(month + 1)).c_str(),
                  flights[m]);
    yaml += line;
  }
  yaml += "  - {name: asylum-2024, quantity: asylum_applications, from: \"2024-01\", to: \"2025-01\", factor: 0.81}\n"
          "  - {name: irregular-2024, quantity: irregular_apprehensions, from: \"2024-01\", to: \"2025-01\", factor: 0.81}\n";
  const Runs b = runs_of(baseline_scenario(24, {}, yaml));
  const Window before{0, 12}, shock{12, 24};
  const double returns_change = returns(b, everything, shock) / returns(b, everything, before) - 1;
  const double orders_change =
      total(b, PairSeries::orders_to_leave, everything, shock) / total(b, PairSeries::orders_to_leave, everything, before) - 1;
  std::printf("pandemic: returns %+.0f%%, orders %+.0f%% (Eurostat: %+.0f%% and %+.0f%%)\n", 100 * returns_change,
              100 * orders_change, 100 * (70.2 / 142.3 - 1), 100 * (396.4 / 491.2 - 1));
  CHECK(returns_change < -0.35);
  CHECK(orders_change > returns_change + 0.15);
  CHECK(orders_change < 0);
}

TEST_CASE("fact 7: no forced returns where return is not safe", "[validation]") {
  const Runs b = runs_of(baseline_scenario(48));
  int unsafe = 0;
  for (std::size_t o = 0; o < b.scenario.origin_countries.size(); ++o) {
    if (b.scenario.origin_countries[o].safe_return) continue;
    ++unsafe;
    CHECK(total(b, PairSeries::returns_forced, origin_is(o), {0, 48}) == 0);
    CHECK(total(b, PairSeries::returns_voluntary, origin_is(o), {0, 48}) > 0);  // voluntary return stays possible
  }
  std::printf("fact 7: %d origins with safe_return false, 0 forced returns to them\n", unsafe);
  CHECK(unsafe >= 1);
}

TEST_CASE("fact 8: the same measures move cooperation more when the EU takes them than one state", "[validation]") {
  auto measure = [](const std::string& by) {
    return runs_of(baseline_scenario(
        48, {}, "policies:\n  incentives:\n    - {origin: SN, kind: visa, intensity: -0.5, start_month: 12, by: " + by + "}\n"));
  };
  const Runs none = runs_of(baseline_scenario(48)), eu = measure("EU"), france = measure("FR");
  // On France's own pair with Senegal, where France's measure acts, after 24 months.
  const std::size_t sn = origin_index(none.scenario, "SN"), fr = state_index(none.scenario, "FR");
  auto pair_cooperation = [&](const Runs& b) {
    double sum = 0;
    for (const auto& r : b.runs) sum += r.cooperation[(35 * r.origins + sn) * r.states + fr];
    return sum / static_cast<double>(b.runs.size());
  };
  const double eu_gain = pair_cooperation(eu) - pair_cooperation(none);
  const double france_gain = pair_cooperation(france) - pair_cooperation(none);
  std::printf("fact 8: Senegal-France cooperation after 24 months of measures: EU-wide %+.4f, France alone %+.4f\n",
              eu_gain, france_gain);
  CHECK(france_gain > 0);
  CHECK(eu_gain > 2 * france_gain);
}

TEST_CASE("fact 9: registration practice distorts the EU's view, differently by state and by origin", "[validation]") {
  const Runs b = runs_of(baseline_scenario(48));
  const Window w = last_two_years(b);
  const auto& states = b.scenario.member_states;
  int differing = 0;
  for (std::size_t s = 0; s < states.size(); ++s) {
    double recorded_orders = 0, recorded_returns = 0;
    for (const auto& r : b.runs) {
      for (std::size_t t = w.first; t < w.last; ++t) {
        recorded_orders += r.recorded_orders_to_leave[t * r.states + s];
        recorded_returns += r.recorded_returns[t * r.states + s];
      }
    }
    const double truth = return_rate(b, state_is(s), w), recorded = recorded_returns / recorded_orders;
    CHECK(recorded == Approx(truth * (1 - states[s].return_undercount) / (1 + states[s].order_overcount)).epsilon(1e-9));
    if (std::abs(recorded - truth) > 0.005) ++differing;
  }
  // Per origin: the recorded return rate the Art. 25a score reads is the true one distorted by
  // where the origin's nationals are (concentrated corridors), so origins are ranked differently.
  const std::size_t origins = b.scenario.origin_countries.size();
  std::vector<double> truth(origins), recorded(origins);
  double largest_distortion = 0, smallest_distortion = 1;
  for (std::size_t o = 0; o < origins; ++o) {
    double recorded_orders = 0, recorded_returns = 0;
    for (std::size_t s = 0; s < states.size(); ++s) {
      recorded_orders += model::processes::recorded_orders(states[s], total(b, PairSeries::orders_to_leave, pair_is(o, s), w));
      recorded_returns += model::processes::recorded_returns(states[s], returns(b, pair_is(o, s), w));
    }
    truth[o] = return_rate(b, origin_is(o), w);
    recorded[o] = recorded_returns / recorded_orders;
    largest_distortion = std::max(largest_distortion, recorded[o] / truth[o]);
    smallest_distortion = std::min(smallest_distortion, recorded[o] / truth[o]);
  }
  int swapped = 0;
  for (std::size_t a = 0; a < origins; ++a) {
    for (std::size_t c = a + 1; c < origins; ++c) {
      if ((truth[a] - truth[c]) * (recorded[a] - recorded[c]) < 0) ++swapped;
    }
  }
  std::printf("fact 9: recorded and true rates differ by more than 0.5 points in %d of %zu states; per origin the "
              "recorded rate is %.2f-%.2f of the true one; %d pairs of origins ranked the other way round\n",
              differing, states.size(), smallest_distortion, largest_distortion, swapped);
  CHECK(differing >= 10);
  CHECK(largest_distortion - smallest_distortion > 0.03);
  CHECK(swapped >= 1);
}

TEST_CASE("fact 10: conservation of migrants by status, every month of ten years", "[validation]") {
  const auto s = baseline_scenario(kTenYears);
  engine::Simulation sim(s, derive_run_seed(kValidationSeed, 0));
  sim.burn_in();
  std::int64_t expected = static_cast<std::int64_t>(sim.migrants().size());
  int months = 0;
  test::Recorder check([&](const engine::MonthReport& r) {
    // New agents: asylum applicants that are not re-migrations, and first apprehensions.
    expected += test::total(r, PairSeries::arrivals) - test::total(r, PairSeries::remigrations) +
                test::total(r, PairSeries::irregular_apprehensions);
    const std::int64_t counted = std::accumulate(r.counts.status_count.begin(), r.counts.status_count.end(), std::int64_t{0});
    REQUIRE(counted == static_cast<std::int64_t>(sim.migrants().size()));
    REQUIRE(counted == expected);
    ++months;
  });
  sim.run(&check);
  std::printf("fact 10: %d months, %zu agents, every one in exactly one status each month\n", months,
              sim.migrants().size());
  CHECK(months == s.simulation.months);
}

TEST_CASE("fact 12: visa-free neighbours return far more than African and Asian origins, in every window",
          "[validation]") {
  // FACTS.md EU-wide (European Court of Auditors): under 20% to Africa and Asia, under 30% outside
  // Europe; Western Balkans and Georgia often above 60%. The per-origin rates with a published
  // figure are fitted (test_calibration.cpp); this checks the contrast the SPEC states. Gambia,
  // at 37% after the 2021 measures (FACTS.md), is the published exception and not counted.
  const Runs b = runs_of(baseline_scenario(kTenYears), 2);
  const std::set<std::string> neighbours = {"AL", "GE", "RS", "MK", "BA", "MD", "ME"};
  const std::set<std::string> africa_asia = {"DZ", "MA", "TN", "PK", "IQ", "BD", "NG", "SN", "GN", "ML", "CI",
                                             "ET", "ER", "SO", "IR", "EG", "LY", "CM", "CD", "GW", "GH", "SL", "MR",
                                             "BF", "NE", "TD", "IN", "LK", "NP", "VN", "CN"};
  std::set<std::size_t> neighbour_index, africa_asia_index;
  for (std::size_t o = 0; o < b.scenario.origin_countries.size(); ++o) {
    const std::string& id = b.scenario.origin_countries[o].id;
    if (neighbours.count(id) != 0) neighbour_index.insert(o);
    if (africa_asia.count(id) != 0) africa_asia_index.insert(o);
  }
  REQUIRE(africa_asia_index.size() == africa_asia.size());
  const Keep in_africa_asia = [&](std::size_t o, std::size_t) { return africa_asia_index.count(o) != 0; };
  const Keep in_neighbourhood = [&](std::size_t o, std::size_t) { return neighbour_index.count(o) != 0; };
  double lowest_neighbour = 1, lowest_neighbourhood = 1, highest_single = 0, highest_aggregate = 0;
  for (const Window w : two_year_windows(b)) {
    for (std::size_t o : neighbour_index) lowest_neighbour = std::min(lowest_neighbour, return_rate(b, origin_is(o), w));
    for (std::size_t o : africa_asia_index) highest_single = std::max(highest_single, return_rate(b, origin_is(o), w));
    highest_aggregate = std::max(highest_aggregate, return_rate(b, in_africa_asia, w));
    lowest_neighbourhood = std::min(lowest_neighbourhood, return_rate(b, in_neighbourhood, w));
  }
  std::printf("fact 12: over every 24-month window: visa-free neighbours together at least %.1f%% (the lowest single "
              "one %.1f%%); African and Asian visa-required origins together at most %.1f%% (the highest single one "
              "%.1f%%)\n",
              100 * lowest_neighbourhood, 100 * lowest_neighbour, 100 * highest_aggregate, 100 * highest_single);
  CHECK(lowest_neighbourhood > 0.60);
  CHECK(highest_aggregate < 0.20);
  CHECK(highest_single < 0.30);
  CHECK(lowest_neighbour > 2 * highest_single);
}

TEST_CASE("held-out figures: Senegal's and Tunisia's return rates, issuance of travel documents", "[validation]") {
  // Not fitted: Senegal's rate (7.3% in 2019, 8% in 2021) and Tunisia's (11%, 2023) are not targets
  // (their cooperation is fitted to the median rate of their Art. 25a class). The issuance rates
  // (travel documents per request) are printed for docs/calibration.md, where the model's
  // disagreement with them is discussed; they are not asserted.
  const Runs b = runs_of(baseline_scenario(48));
  const Window w = last_two_years(b);
  auto rate_of = [&](const char* id) { return return_rate(b, origin_is(origin_index(b.scenario, id)), w); };
  const double senegal = rate_of("SN"), tunisia = rate_of("TN");
  std::printf("held out: Senegal %.1f%% (published 7.3%% in 2019, 8%% in 2021), Tunisia %.1f%% (11%% in 2023)\n",
              100 * senegal, 100 * tunisia);
  for (const char* id : {"MA", "SN", "DZ", "TN"}) {
    const auto here = origin_is(origin_index(b.scenario, id));
    std::printf("held out: %s travel documents per request %.1f%%\n", id,
                100 * total(b, PairSeries::travel_documents_issued, here, w) /
                    total(b, PairSeries::identification_requests, here, w));
  }
  // Within a factor of two, as fact 12 asks of per-origin rates.
  CHECK(senegal > 0.073 / 2);
  CHECK(senegal < 0.08 * 2);
  CHECK(tunisia > 0.11 / 2);
  CHECK(tunisia < 0.11 * 2);
}
