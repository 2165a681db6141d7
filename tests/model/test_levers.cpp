// The policy levers one at a time on a tiny world, with paired runs (same seed, lever on vs off):
// each moves cooperation and returns in the documented direction, and only where it should.
#include <catch2/catch.hpp>

#include <cmath>

#include "../support.hpp"
#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/model/processes/policy_clock.hpp"
#include "returnsim/model/processes/visa_assessment.hpp"

using namespace returnsim;
using model::PairSeries;
using model::PolicyEventKind;
using test::flow_map;
using test::scenario_from;

namespace {

/// Two member states (AA, BB) and one origin OO with a route to each; the pipeline runs without
/// capacity limits at the origin so that the two pairs do not compete, and cooperation jumps to
/// its target at once (inertia 1, no noise, no domestic-cost feedback) unless `cooperation` says.
std::string lever_world(const std::string& policies, const std::string& origin = "",
                        const std::string& cooperation = "", int months = 24, const std::string& extra = "",
                        const std::string& behaviour = "") {
  return "scenario: {name: levers}\n"
         "simulation: {months: " + std::to_string(months) + ", burn_in_months: 0, seed: 5, replications: 1}\n"
         "member_states:\n"
         "  - {id: AA, name: A, removal_capacity: 300, casework_capacity: 400, detention_capacity: 0,"
         " avrr_support_eur: 0, enforcement: 0}\n"
         "  - {id: BB, name: B, removal_capacity: 300, casework_capacity: 400, detention_capacity: 0,"
         " avrr_support_eur: 0, enforcement: 0}\n"
         "origin_countries:\n  - " +
         flow_map("id: OO, name: Oland, cooperation: 0.2, id_capacity: 100000, documented_share: 0,"
                  " visa_sensitivity: 0.8, aid_sensitivity: 0.5, trade_sensitivity: 0.4, reactance: 0.1,"
                  " domestic_cost: 0",
                  origin) +
         extra +
         "\nroutes:\n"
         "  - {origin: OO, member_state: AA, asylum_applications: 50, recognition_rate: 0, initial_stock: 5000}\n"
         "  - {origin: OO, member_state: BB, asylum_applications: 50, recognition_rate: 0, initial_stock: 5000}\n"
         "behaviour: " +
         flow_map("voluntary_departure_rate: 0.01, stick_behind_the_door: 0, support_effect_per_1000_eur: 0,"
                  " support_pull_per_1000_eur: 0, abscond_rate: 0, subsequent_application_rate: 0,"
                  " secondary_movement_rate: 0, apprehension_rate: 0, remigration_rate: 0, non_cooperation_share: 0,"
                  " onward_departure_rate: 0, regularisation_rate: 0, removal_failure_at_liberty: 0,"
                  " removal_failure_detained: 0, undocumented_factor: 1",
                  behaviour) +
         "\n"
         "cooperation: " +
         flow_map("eura_effect: 0, informal_effect: 0, relations_effect: 0, noise_sd: 0, domestic_cost_effect: 0,"
                  " inertia_months: 1, laissez_passer_rate: 0.5",
                  cooperation) +
         "\npolicies: " + (policies.empty() ? std::string("{}") : policies) + "\n";
}

/// What a run shows month by month for origin 0.
struct Trace {
  std::vector<std::vector<double>> cooperation;  ///< [month][state]
  std::vector<int> visa_level, assessment_class;
  std::vector<model::PolicyEvent> events;
  std::vector<long> forced;                       ///< per state over the run
  std::vector<long> identification_requests;      ///< per origin over the run (all states)
};

Trace trace(const scenario::Scenario& s, std::uint64_t seed = 3) {
  Trace t;
  const std::size_t states = s.member_states.size();
  t.forced.assign(states, 0);
  t.identification_requests.assign(s.origin_countries.size(), 0);
  engine::Simulation sim(s, seed);
  test::Recorder rec([&](const engine::MonthReport& r) {
    std::vector<double> c;
    for (std::size_t st = 0; st < states; ++st) {
      c.push_back(r.world.pair_cooperation[r.world.pair(0, st)]);
      t.forced[st] += r.counts.at(PairSeries::returns_forced, r.world.pair(0, st));
    }
    for (std::size_t o = 0; o < r.world.origin_count; ++o) {
      for (std::size_t st = 0; st < states; ++st) {
        t.identification_requests[o] += r.counts.at(PairSeries::identification_requests, r.world.pair(o, st));
      }
    }
    t.cooperation.push_back(c);
    t.visa_level.push_back(r.world.policy.visa_level[0]);
    t.assessment_class.push_back(r.world.policy.assessment_class[0]);
    t.events.insert(t.events.end(), r.world.policy.events.begin(), r.world.policy.events.end());
  });
  sim.run(&rec);
  return t;
}

/// Cooperation `base` with its log-odds shifted by `shift` (the target's arithmetic).
double shifted(double base, double shift) {
  return model::processes::logistic(model::processes::log_odds(base) + shift);
}

std::vector<model::PolicyEvent> events_of(const Trace& t, PolicyEventKind kind) {
  std::vector<model::PolicyEvent> out;
  for (const auto& e : t.events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("a binding bilateral agreement helps only its signatory", "[levers][bilateral]") {
  const auto off = trace(scenario_from(lever_world("")));
  const auto binding = trace(scenario_from(
      lever_world("{bilateral: [{member_state: AA, origin: OO, agreement: binding, start_month: 6}]}", "",
                  ", binding_agreement_effect: 0.8")));
  const auto non_binding = trace(scenario_from(
      lever_world("{bilateral: [{member_state: AA, origin: OO, agreement: non_binding, start_month: 6}]}", "",
                  ", non_binding_agreement_effect: 0.05")));
  // Before month 6 nothing differs; from month 6 the AA pair's log-odds are 0.8 higher (inertia 1).
  CHECK(binding.cooperation[5][0] == off.cooperation[5][0]);
  CHECK(off.cooperation[6][0] == Approx(0.2));
  CHECK(binding.cooperation[6][0] == Approx(shifted(0.2, 0.8)));
  CHECK(non_binding.cooperation[6][0] == Approx(shifted(0.2, 0.05)));
  // The other member state sees no difference at all: same seed, same draws.
  for (std::size_t t = 0; t < off.cooperation.size(); ++t) CHECK(binding.cooperation[t][1] == off.cooperation[t][1]);
  CHECK(binding.forced[1] == off.forced[1]);
  // Returns rise for the signatory, more under a binding than a non-binding agreement.
  CHECK(binding.forced[0] > off.forced[0] * 1.2);
  CHECK(binding.forced[0] > non_binding.forced[0]);
  const auto started = events_of(binding, PolicyEventKind::agreement_started);
  REQUIRE(started.size() == 1);
  CHECK(started[0].month == 6);
  CHECK(started[0].member_state == 0);
  CHECK(started[0].level == static_cast<int>(scenario::BilateralAgreement::binding));
}

TEST_CASE("a coalition's bilateral agreement covers every member", "[levers][bilateral][coalition]") {
  const auto t = trace(scenario_from(lever_world(
      "{coalitions: [{name: Duo, members: [AA, BB]}],"
      " bilateral: [{member_state: Duo, origin: OO, agreement: binding, start_month: 0}]}",
      "", ", binding_agreement_effect: 0.5")));
  CHECK(t.cooperation[0][0] == Approx(shifted(0.2, 0.5)));
  CHECK(t.cooperation[0][1] == Approx(shifted(0.2, 0.5)));
  CHECK(events_of(t, PolicyEventKind::agreement_started).size() == 2);
}

TEST_CASE("incentives shift the target by weight x intensity x sensitivity x lever_effect", "[levers][incentives]") {
  // development aid, intensity 0.5, aid_sensitivity 0.5, lever_effect 1: by the EU (weight 1)
  // +0.25 log-odds on both pairs; by AA alone (leverage_weight 0.2) +0.05 on AA's pair only.
  const std::string coop = ", lever_effect: 1, eu_weight: 1";
  const auto eu = trace(scenario_from(lever_world(
      "{incentives: [{origin: OO, kind: development_aid, intensity: 0.5, start_month: 3, end_month: 9, by: EU}]}", "",
      coop)));
  const auto state = trace(scenario_from(lever_world(
      "{incentives: [{origin: OO, kind: development_aid, intensity: 0.5, start_month: 3, end_month: 9, by: AA}]}", "",
      coop)));
  const auto off = trace(scenario_from(lever_world("", "", coop)));
  CHECK(eu.cooperation[2][0] == Approx(0.2));
  CHECK(eu.cooperation[3][0] == Approx(shifted(0.2, 0.25)));
  CHECK(eu.cooperation[3][1] == Approx(shifted(0.2, 0.25)));
  CHECK(eu.cooperation[8][0] == Approx(shifted(0.2, 0.25)));
  CHECK(eu.cooperation[9][0] == Approx(0.2));  // ended
  CHECK(state.cooperation[3][0] == Approx(shifted(0.2, 0.05)));
  CHECK(state.cooperation[3][1] == Approx(0.2));
  // EU-wide beats the same measure by one state, in cooperation and in returns to that state.
  CHECK(eu.forced[0] > state.forced[0]);
  CHECK(state.forced[0] > off.forced[0]);
  CHECK(state.forced[1] == off.forced[1]);
  const auto started = events_of(eu, PolicyEventKind::incentive_started);
  const auto ended = events_of(eu, PolicyEventKind::incentive_ended);
  REQUIRE(started.size() == 1);
  REQUIRE(ended.size() == 1);
  CHECK(started[0].member_state == -1);
  CHECK(ended[0].month == 9);
}

TEST_CASE("decisions that change nothing are not logged", "[levers][events]") {
  // A status-quo policy written out in full: an arrangement of the kind already in force (none)
  // and an incentive of intensity 0. Nothing changes, so nothing is logged; a real change is.
  const auto quiet = trace(scenario_from(lever_world(
      "{bilateral: [{member_state: AA, origin: OO, agreement: none, start_month: 2}],"
      " incentives: [{origin: OO, kind: partnership, intensity: 0, start_month: 3, end_month: 9, by: EU}]}")));
  CHECK(quiet.events.empty());
  const auto twice = trace(scenario_from(lever_world(
      "{bilateral: [{member_state: AA, origin: OO, agreement: binding, start_month: 2},"
      " {member_state: AA, origin: OO, agreement: binding, start_month: 5},"
      " {member_state: AA, origin: OO, agreement: none, start_month: 8}]}")));
  const auto started = events_of(twice, PolicyEventKind::agreement_started);
  REQUIRE(started.size() == 2);  // binding at 2, none again at 8; the repeat at 5 changes nothing
  CHECK(started[0].month == 2);
  CHECK(started[1].month == 8);
  CHECK(started[1].level == static_cast<int>(scenario::BilateralAgreement::none));
}

TEST_CASE("coalition members' weights add up, capped at the EU's", "[levers][coalition]") {
  const std::string coalition = "coalitions: [{name: Duo, members: [AA, BB]}], ";
  const auto duo = trace(scenario_from(lever_world(
      "{" + coalition + "incentives: [{origin: OO, kind: trade_preferences, intensity: 1, by: Duo}]}", "",
      ", lever_effect: 0.5")));
  // weight 0.2 + 0.2 = 0.4; shift 0.4 x 1 x 0.4 (trade) x 0.5 = 0.08 on both members' pairs.
  CHECK(duo.cooperation[0][0] == Approx(shifted(0.2, 0.08)));
  CHECK(duo.cooperation[0][1] == Approx(shifted(0.2, 0.08)));
  const auto s = scenario_from(lever_world("{" + coalition + "incentives: []}", "", ", eu_weight: 0.3"));
  scenario::Actor actor{scenario::Actor::Kind::coalition, 0};
  CHECK(model::processes::actor_weight(s, actor) == Approx(0.3));  // capped
}

TEST_CASE("high reactance makes coercion backfire", "[levers][reactance]") {
  // A visa sanction by the EU, intensity -1: shift = 0.8 x 0.3 - reactance x 0.3.
  const std::string sanction = "{incentives: [{origin: OO, kind: visa, intensity: -1, start_month: 6}]}";
  const std::string coop = ", lever_effect: 0.3, reactance_effect: 0.3";
  const auto low = trace(scenario_from(lever_world(sanction, ", reactance: 0.1", coop)));
  const auto high = trace(scenario_from(lever_world(sanction, ", reactance: 1", coop)));
  const auto off_low = trace(scenario_from(lever_world("", ", reactance: 0.1", coop)));
  const auto off_high = trace(scenario_from(lever_world("", ", reactance: 1", coop)));
  CHECK(low.cooperation[6][0] == Approx(shifted(0.2, 0.24 - 0.03)));
  CHECK(high.cooperation[6][0] == Approx(shifted(0.2, 0.24 - 0.3)));
  CHECK(low.forced[0] > off_low.forced[0]);
  CHECK(high.forced[0] < off_high.forced[0]);
  // Rewards are not subject to reactance.
  const auto reward = trace(scenario_from(lever_world(
      "{incentives: [{origin: OO, kind: visa, intensity: 1, start_month: 6}]}", ", reactance: 1", coop)));
  CHECK(reward.cooperation[6][0] == Approx(shifted(0.2, 0.24)));
}

TEST_CASE("cooperation moves toward its target with inertia", "[levers][dynamics]") {
  const auto t = trace(scenario_from(lever_world(
      "{incentives: [{origin: OO, kind: partnership, intensity: 1, start_month: 2}]}", "",
      ", inertia_months: 12, lever_effect: 0.3")));
  // Target jumps at month 2 by 1 x (0.8 + 0.5 + 0.4) / 3 x 0.3 = 0.17 log-odds; the gap closes by
  // 1/12 a month.
  const double target = shifted(0.2, 0.17);
  CHECK(t.cooperation[1][0] == Approx(0.2));
  for (int month = 2; month < 24; ++month) {
    const double expected = target - (target - 0.2) * std::pow(11.0 / 12.0, month - 1);
    CHECK(t.cooperation[static_cast<std::size_t>(month)][0] == Approx(expected).epsilon(1e-9));
  }
}

TEST_CASE("cooperation noise is origin-wide, reproducible, and cooperation stays within [0, 1]",
          "[levers][dynamics][invariant]") {
  for (const char* base : {", cooperation: 0.02", ", cooperation: 0.98", ", cooperation: 0.5"}) {
    const auto s = scenario_from(lever_world(
        "{incentives: [{origin: OO, kind: visa, intensity: -1, start_month: 4, end_month: 30}]}", base,
        ", noise_sd: 0.3, inertia_months: 3, domestic_cost_effect: 1", 48));
    const auto a = trace(s, 7), b = trace(s, 7), c = trace(s, 8);
    bool moved = false;
    for (std::size_t t = 0; t < a.cooperation.size(); ++t) {
      for (double v : a.cooperation[t]) CHECK((v >= 0.0 && v <= 1.0));
      CHECK(a.cooperation[t] == b.cooperation[t]);
      if (t > 0 && a.cooperation[t] != a.cooperation[t - 1]) moved = true;
    }
    CHECK(moved);
    CHECK(a.cooperation != c.cooperation);
  }
}

TEST_CASE("the domestic cost of accepted forced returns lowers cooperation", "[levers][dynamics]") {
  const auto costly = trace(scenario_from(lever_world("", ", domestic_cost: 1, id_capacity: 100",
                                                      ", domestic_cost_effect: 2, inertia_months: 1")));
  const auto free = trace(scenario_from(lever_world("", ", domestic_cost: 0, id_capacity: 100",
                                                    ", domestic_cost_effect: 2, inertia_months: 1")));
  CHECK(costly.cooperation[0][0] == Approx(free.cooperation[0][0]));
  CHECK(costly.cooperation[12][0] < free.cooperation[12][0] - 0.01);
  CHECK(costly.forced[0] < free.forced[0]);
}

TEST_CASE("an EU agreement that starts later applies to every pair from its start", "[levers][eu]") {
  const auto t = trace(scenario_from(lever_world("", "", ", eura_effect: 0.3", 12,
                                                 "\neu: {agreements: {OO: {kind: eura, start_month: 4}}}")));
  CHECK(t.cooperation[3][0] == Approx(0.2));
  CHECK(t.cooperation[4][0] == Approx(shifted(0.2, 0.3)));
  CHECK(t.cooperation[4][1] == Approx(shifted(0.2, 0.3)));
  const auto started = events_of(t, PolicyEventKind::eu_agreement_started);
  REQUIRE(started.size() == 1);
  CHECK(started[0].month == 4);
}

TEST_CASE("a TCN clause lets states return transit migrants to the transit country", "[levers][eu][tcn]") {
  // OO does not cooperate at all; its nationals all transited TT, which cooperates fully.
  const std::string transit =
      "\n  - {id: TT, name: Transit, cooperation: 1, id_capacity: 100000, documented_share: 0, visa_required: false}";
  const std::string origin = ", cooperation: 0, transit_country: TT, transit_share: 1";
  const auto with = trace(scenario_from(lever_world("", origin, "", 12,
                                                    transit + "\neu: {agreements: {TT: {kind: eura, tcn_clause: true}}}")));
  const auto without = trace(scenario_from(lever_world("", origin, "", 12, transit + "\neu: {agreements: {TT: eura}}")));
  CHECK(without.forced[0] == 0);
  CHECK(with.forced[0] > 1000);
  // The requests went to the transit country.
  CHECK(with.identification_requests[0] == 0);
  CHECK(with.identification_requests[1] > 0);
  CHECK(without.identification_requests[1] == 0);
}

namespace {
/// An origin that hardly cooperates (0.02: insufficient) until measures raise it (level 1: 0.5 x
/// 1 x 6 = 3 log-odds, to 0.29); assessments every 6 months of the latest 6 months from month 5,
/// the Council decides 2 months after a proposal; no announcement effect and no hysteresis unless
/// `visa` says.
std::string art25a_world(const std::string& visa, const std::string& origin = ", cooperation: 0.02") {
  return lever_world("{visa_leverage: {enabled: true, first_assessment_month: 6, assessment_interval_months: 6,"
                     " window_months: 6, decision_lag_months: 2, thresholds: {good: 0.6, insufficient: 0.08},"
                     " announcement_share: 0, persistence_months: 0" + visa + "}}",
                     ", visa_sensitivity: 1, reactance: 0" + origin, ", lever_effect: 6, reactance_effect: 6", 30, "",
                     ", voluntary_departure_rate: 0");
}
}  // namespace

TEST_CASE("the Art. 25a cycle step by step", "[levers][art25a]") {
  const auto t = trace(scenario_from(art25a_world(", council_adoption_probability: 1, sustained_assessments: 1")));
  CHECK(t.assessment_class[4] == model::assessment::not_assessed);
  // Month 5: assessed insufficient, proposal of level 1.
  CHECK(t.assessment_class[5] == model::assessment::insufficient);
  auto at = [&](std::uint32_t month) {
    std::vector<std::pair<PolicyEventKind, int>> out;
    for (const auto& e : t.events) {
      if (e.month == month) out.emplace_back(e.kind, e.level);
    }
    return out;
  };
  using K = PolicyEventKind;
  CHECK(at(5) == std::vector<std::pair<K, int>>{{K::assessed, 0}, {K::proposed, 1}});
  // Adopted after the lag; level in force from month 7 and cooperation rises.
  CHECK(at(6).empty());
  CHECK(at(7) == std::vector<std::pair<K, int>>{{K::adopted, 1}});
  CHECK(t.visa_level[6] == 0);
  CHECK(t.visa_level[7] == 1);
  CHECK(t.cooperation[6][0] == Approx(0.02));
  CHECK(t.cooperation[7][0] == Approx(shifted(0.02, 3)));
  // Month 11: cooperation has recovered (average): the measures are lifted, cooperation falls back.
  CHECK(at(11) == std::vector<std::pair<K, int>>{{K::assessed, 1}, {K::lifted, 0}});
  CHECK(t.visa_level[11] == 0);
  CHECK(t.cooperation[12][0] == Approx(0.02));
  // The documents and removals of the people identified under the measures keep the score up for
  // a while (month 17: about 0.10); month 23: insufficient again, a new proposal.
  CHECK(at(17) == std::vector<std::pair<K, int>>{{K::assessed, 1}});
  CHECK(at(23) == std::vector<std::pair<K, int>>{{K::assessed, 0}, {K::proposed, 1}});
  // With two sustained assessments required, the measures stay through month 11 and go at 17.
  const auto sustained = trace(scenario_from(art25a_world(", council_adoption_probability: 1, sustained_assessments: 2")));
  CHECK(sustained.visa_level[16] == 1);
  CHECK(sustained.visa_level[17] == 0);
  CHECK(sustained.cooperation[16][0] == Approx(shifted(0.02, 3)));
  // Visa-required only: the same world with a visa-free origin is never assessed.
  const auto free = trace(scenario_from(art25a_world(", council_adoption_probability: 1",
                                                     ", cooperation: 0, visa_required: false")));
  CHECK(free.events.empty());
  for (int c : free.assessment_class) CHECK(c == model::assessment::not_assessed);
}

TEST_CASE("Art. 25a escalates while cooperation stays insufficient", "[levers][art25a]") {
  // High reactance cancels the pressure (shift 0.5 x (6 - 6) = 0), so cooperation stays 0.
  const auto t = trace(scenario_from(art25a_world(", council_adoption_probability: 1",
                                                  ", cooperation: 0, reactance: 1, visa_sensitivity: 1")));
  CHECK(t.visa_level[7] == 1);
  CHECK(t.visa_level[13] == 2);  // proposed at 11, adopted at 13
  CHECK(t.visa_level[29] == 2);  // max_level 2: no further escalation
  const auto proposed = events_of(t, PolicyEventKind::proposed);
  REQUIRE(proposed.size() == 2);
  CHECK(proposed[1].level == 2);
}

TEST_CASE("no adoption when the Council's probability is 0, the proposal stays pending", "[levers][art25a]") {
  const auto t = trace(scenario_from(art25a_world(", council_adoption_probability: 0")));
  for (int level : t.visa_level) CHECK(level == 0);
  CHECK(events_of(t, PolicyEventKind::adopted).empty());
  const auto refused = events_of(t, PolicyEventKind::not_adopted);
  REQUIRE(refused.size() >= 3);
  CHECK(refused[0].month == 7);
  CHECK(refused[1].month == 9);  // reconsidered every decision_lag_months
  CHECK(events_of(t, PolicyEventKind::proposed).size() == 1);  // still pending, not proposed again
}

TEST_CASE("a good cooperator gets positive measures when they are enabled", "[levers][art25a]") {
  const auto off = trace(scenario_from(art25a_world(", council_adoption_probability: 1", ", cooperation: 0.9")));
  const auto on = trace(scenario_from(
      art25a_world(", council_adoption_probability: 1, positive_measures: true", ", cooperation: 0.9")));
  CHECK(off.assessment_class[5] == model::assessment::good);
  CHECK(events_of(off, PolicyEventKind::proposed).empty());
  CHECK(on.visa_level[7] == -1);
  CHECK(on.cooperation[7][0] > off.cooperation[7][0]);
}

TEST_CASE("the assessment score and classes", "[levers][art25a]") {
  using model::AssessmentWindow;
  using model::processes::assessment_score;
  // return rate 0.2, answered positively 0.1, documents per closed request 0.06 -> 0.12
  CHECK(assessment_score(AssessmentWindow{100, 20, 10, 100, 6}) == Approx(0.12));
  // Documents beyond the closed requests (a stock identified earlier) count at most 1.
  CHECK(assessment_score(AssessmentWindow{100, 20, 10, 100, 300}) == Approx((0.2 + 0.1 + 1.0) / 3));
  // Without requests only the return rate counts; with nothing, no score.
  CHECK(assessment_score(AssessmentWindow{100, 40, 0, 0, 0}) == Approx(0.4));
  CHECK(std::isnan(assessment_score(AssessmentWindow{})));
  scenario::VisaLeverage v;
  v.good_threshold = 0.5;
  v.insufficient_threshold = 0.25;
  CHECK(model::processes::assessment_class_of(v, 0.5) == model::assessment::good);
  CHECK(model::processes::assessment_class_of(v, 0.25) == model::assessment::average);
  CHECK(model::processes::assessment_class_of(v, 0.2499) == model::assessment::insufficient);
  v.first_assessment_month = 12;
  v.assessment_interval_months = 12;
  CHECK(!model::processes::is_assessment_month(v, 10));
  CHECK(model::processes::is_assessment_month(v, 11));
  CHECK(model::processes::is_assessment_month(v, 23));
  CHECK(!model::processes::is_assessment_month(v, 12));
}

TEST_CASE("dated Art. 25a decisions act through the cycle's own state", "[levers][art25a][history]") {
  // restrictive: EU weight 1 x intensity 0.5 x (visa sensitivity 0.8 x lever 1 - reactance 0.1 x 1)
  // = 0.35 log-odds; a proposal acts with the announcement share (0.4) of it; lifted, it fades
  // with persistence 6 months.
  const std::string history =
      "{visa_leverage: {announcement_share: 0.4, restrictive_intensity: 0.5, persistence_months: 6},"
      " visa_history: [{origin: OO, from: \"2025-10\", decision: lifted, level: none},"
      " {origin: OO, from: \"2025-03\", decision: proposed, level: restrictive},"
      " {origin: OO, from: \"2025-06\", decision: adopted, level: restrictive}]}";
  const auto t = trace(scenario_from(lever_world(history, "", ", lever_effect: 1, reactance_effect: 1, eu_weight: 1")));
  const double full = 0.35;
  CHECK(t.cooperation[1][0] == Approx(0.2));
  CHECK(t.cooperation[2][0] == Approx(shifted(0.2, 0.4 * full)));
  CHECK(t.cooperation[4][1] == Approx(shifted(0.2, 0.4 * full)));
  CHECK(t.cooperation[5][0] == Approx(shifted(0.2, full)));
  CHECK(t.visa_level[5] == 1);
  CHECK(t.cooperation[8][1] == Approx(shifted(0.2, full)));
  CHECK(t.visa_level[9] == 0);
  CHECK(t.cooperation[9][0] == Approx(shifted(0.2, full * std::exp(-1.0 / 6))));
  CHECK(t.cooperation[12][0] == Approx(shifted(0.2, full * std::exp(-4.0 / 6))));
  // Listed out of order; they act in month order, each with its event.
  const auto proposed = events_of(t, PolicyEventKind::proposed);
  const auto adopted = events_of(t, PolicyEventKind::adopted);
  const auto lifted = events_of(t, PolicyEventKind::lifted);
  REQUIRE(proposed.size() == 1);
  REQUIRE(adopted.size() == 1);
  REQUIRE(lifted.size() == 1);
  CHECK(proposed[0].month == 2);
  CHECK(adopted[0].month == 5);
  CHECK(lifted[0].month == 9);
  // The Council's own vote never takes up a history proposal, even at probability 1.
  const auto pending = trace(scenario_from(lever_world(
      "{visa_leverage: {council_adoption_probability: 1, decision_lag_months: 1},"
      " visa_history: [{origin: OO, from: \"2025-03\", decision: proposed, level: escalated}]}")));
  CHECK(events_of(pending, PolicyEventKind::adopted).empty());
  CHECK(pending.visa_level.back() == 0);
}
