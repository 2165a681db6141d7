#include "returnsim/model/processes/policy_clock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::model::processes {

using scenario::Actor;


namespace {

constexpr double kNotMeaningful = std::numeric_limits<double>::quiet_NaN();

/// Calls f(state index) for every member state an actor's measure reaches.
template <class F>
void for_each_state(const World& w, const Actor& actor, F&& f) {
  switch (actor.kind) {
    case Actor::Kind::eu:
      for (std::size_t st = 0; st < w.state_count; ++st) f(st);
      break;
    case Actor::Kind::member_state: f(actor.index); break;
    case Actor::Kind::coalition:
      for (std::size_t st : w.scenario->policies.coalitions[actor.index].member_indices) f(st);
      break;
  }
}

}  // namespace

void initialise_policy(World& w) {
  const scenario::Scenario& s = *w.scenario;
  PolicyState& p = w.policy;
  const std::size_t n = w.origin_count;
  p.visa_level.assign(n, 0);
  p.assessment_class.assign(n, assessment::not_assessed);
  p.pending_level.assign(n, 0);
  p.decision_month.assign(n, 0);
  p.recovered_streak.assign(n, 0);
  p.recorded_months.assign(n * static_cast<std::size_t>(std::max(1, s.policies.visa_leverage.window_months)),
                           AssessmentWindow{});
  p.visa_residual.assign(n, 0.0);
  p.forced_return_pressure.assign(n, 0.0);
  p.eu_agreement.assign(n, 0);
  p.tcn_clause.assign(n, 0);
  p.pair_lever.assign(w.pair_count(), 0.0);
  p.events.clear();
  for (std::size_t o = 0; o < n; ++o) {
    const auto& origin = s.origin_countries[o];
    if (origin.eu_agreement_start_month == 0) {
      p.eu_agreement[o] = static_cast<std::uint8_t>(origin.eu_agreement);
      p.tcn_clause[o] = origin.tcn_clause ? 1 : 0;
    }
  }
}

void switch_policy_scenario(World& w) {
  const scenario::Scenario& s = *w.scenario;
  PolicyState& p = w.policy;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const auto& origin = s.origin_countries[o];
    const auto kind = static_cast<std::uint8_t>(origin.eu_agreement_start_month == 0 ? origin.eu_agreement
                                                                                     : scenario::EuAgreement::none);
    const std::uint8_t clause = origin.eu_agreement_start_month == 0 && origin.tcn_clause ? 1 : 0;
    if (kind == p.eu_agreement[o] && clause == p.tcn_clause[o]) continue;
    p.eu_agreement[o] = kind;
    p.tcn_clause[o] = clause;
    p.events.push_back({0, static_cast<std::uint32_t>(o), -1, PolicyEventKind::eu_agreement_started,
                        static_cast<std::int8_t>(kind), clause ? 1.0 : 0.0});
  }
}

double actor_weight(const scenario::Scenario& s, const Actor& actor) noexcept {
  switch (actor.kind) {
    case Actor::Kind::eu: return s.cooperation.eu_weight;
    case Actor::Kind::member_state: return s.member_states[actor.index].leverage_weight;
    case Actor::Kind::coalition: {
      double sum = 0.0;
      for (std::size_t st : s.policies.coalitions[actor.index].member_indices) sum += s.member_states[st].leverage_weight;
      return std::min(sum, s.cooperation.eu_weight);
    }
  }
  return 0.0;
}

double visa_measure_intensity(const scenario::VisaLeverage& v, int level) noexcept {
  if (level >= 2) return -v.escalated_intensity;
  if (level == 1) return -v.restrictive_intensity;
  if (level <= -1) return v.positive_intensity;
  return 0.0;
}

double visa_measure_shift(const scenario::Scenario& s, std::size_t o, int level) noexcept {
  if (level == 0) return 0.0;
  return lever_shift(s.cooperation, s.origin_countries[o], scenario::IncentiveKind::visa,
                     visa_measure_intensity(s.policies.visa_leverage, level),
                     actor_weight(s, Actor{Actor::Kind::eu, 0}));
}

double instrument_cost(const scenario::Costs& costs, scenario::IncentiveKind kind) noexcept {
  switch (kind) {
    case scenario::IncentiveKind::partnership: return costs.partnership_eur_per_month;
    case scenario::IncentiveKind::development_aid: return costs.development_aid_eur_per_month;
    case scenario::IncentiveKind::trade_preferences: return costs.trade_preferences_eur_per_month;
    case scenario::IncentiveKind::visa: return costs.visa_facilitation_eur_per_month;
  }
  return 0.0;
}

void ease_visa_measures(World& w, std::size_t o, std::int8_t level, std::uint32_t month) {
  PolicyState& p = w.policy;
  if (p.visa_level[o] > 0) {
    p.visa_residual[o] += visa_measure_shift(*w.scenario, o, p.visa_level[o]) - visa_measure_shift(*w.scenario, o, level);
  }
  p.visa_level[o] = level;
  p.events.push_back({month, static_cast<std::uint32_t>(o), -1, PolicyEventKind::lifted, level, kNotMeaningful});
}

void apply_policy_clock(World& w, std::uint64_t run_seed, std::uint32_t month, std::uint32_t draw_month) {
  const scenario::Scenario& s = *w.scenario;
  PolicyState& p = w.policy;
  const auto m = static_cast<int>(month);

  // Scheduled EU arrangements.
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const auto& origin = s.origin_countries[o];
    if (origin.eu_agreement_start_month > 0 && origin.eu_agreement_start_month == m) {
      p.eu_agreement[o] = static_cast<std::uint8_t>(origin.eu_agreement);
      p.tcn_clause[o] = origin.tcn_clause ? 1 : 0;
      p.events.push_back({month, static_cast<std::uint32_t>(o), -1, PolicyEventKind::eu_agreement_started,
                          static_cast<std::int8_t>(origin.eu_agreement), origin.tcn_clause ? 1.0 : 0.0});
    }
  }
  // Scheduled bilateral arrangements (in list order: a later entry for the same pair and month
  // is rejected by the loader).
  for (const auto& change : s.policies.bilateral) {
    if (change.start_month != m) continue;
    for_each_state(w, change.actor, [&](std::size_t st) {
      auto& agreement = w.pair_agreement[w.pair(change.origin_index, st)];
      if (agreement == change.agreement) return;  // no change, no event
      agreement = change.agreement;
      p.events.push_back({month, static_cast<std::uint32_t>(change.origin_index), static_cast<std::int32_t>(st),
                          PolicyEventKind::agreement_started, static_cast<std::int8_t>(change.agreement),
                          kNotMeaningful});
    });
  }
  // Incentives starting or ending now.
  for (const auto& incentive : s.policies.incentives) {
    const bool starts = incentive.start_month == m;
    const bool ends = incentive.end_month >= 0 && incentive.end_month == m;
    if (!starts && !ends) continue;
    if (incentive.intensity == 0.0) continue;  // offers and withholds nothing: no event
    // One event for the EU as a whole (member state -1), one per state for a state or coalition.
    auto record = [&](std::int32_t st) {
      p.events.push_back({month, static_cast<std::uint32_t>(incentive.origin_index), st,
                          starts ? PolicyEventKind::incentive_started : PolicyEventKind::incentive_ended,
                          static_cast<std::int8_t>(incentive.kind), incentive.intensity});
    };
    if (incentive.actor.kind == Actor::Kind::eu) {
      record(-1);
    } else {
      for_each_state(w, incentive.actor, [&](std::size_t st) { record(static_cast<std::int32_t>(st)); });
    }
  }
  // Dated Art. 25a decisions of the scenario (sorted by month by the loader).
  for (const auto& entry : s.policies.visa_history) {
    if (entry.month != m) continue;
    const std::size_t o = entry.origin_index;
    const std::int8_t level = scenario::visa_level_value(entry.level);
    const auto event = [&](PolicyEventKind kind, std::int8_t at) {
      p.events.push_back({month, static_cast<std::uint32_t>(o), -1, kind, at, kNotMeaningful});
    };
    switch (entry.decision) {
      case scenario::VisaDecision::proposed:
        p.pending_level[o] = level;
        p.decision_month[o] = std::numeric_limits<std::int32_t>::max();  // decided by the history, not the clock
        event(PolicyEventKind::proposed, level);
        break;
      case scenario::VisaDecision::adopted:
        p.visa_level[o] = level;
        if (p.pending_level[o] == level) p.pending_level[o] = 0;
        event(PolicyEventKind::adopted, level);
        break;
      case scenario::VisaDecision::withdrawn:
        event(PolicyEventKind::withdrawn, p.pending_level[o]);
        p.pending_level[o] = 0;
        break;
      case scenario::VisaDecision::lifted:
        ease_visa_measures(w, o, level, month);
        break;
    }
  }
  // The Council takes up pending Art. 25a proposals (not every proposal is adopted:
  // docs/sources.md#S-art25a-history).
  const scenario::VisaLeverage& v = s.policies.visa_leverage;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    if (p.pending_level[o] == 0 || p.decision_month[o] > m) continue;
    const EntityDraws draws(run_seed, entity_id(EntitySpace::origin, o), draw_month);
    if (draws.bernoulli(Purpose::council_vote, v.council_adoption_probability)) {
      p.visa_level[o] = p.pending_level[o];
      p.pending_level[o] = 0;
      p.events.push_back({month, static_cast<std::uint32_t>(o), -1, PolicyEventKind::adopted, p.visa_level[o],
                          kNotMeaningful});
    } else {
      p.decision_month[o] = m + std::max(1, v.decision_lag_months);
      p.events.push_back({month, static_cast<std::uint32_t>(o), -1, PolicyEventKind::not_adopted,
                          p.pending_level[o], kNotMeaningful});
    }
  }

  // Levers in force -> each pair's target shift, and what the rewards cost this month.
  std::fill(p.pair_lever.begin(), p.pair_lever.end(), 0.0);
  p.instrument_cost_eur = 0.0;
  for (const auto& incentive : s.policies.incentives) {
    if (m < incentive.start_month || (incentive.end_month >= 0 && m >= incentive.end_month)) continue;
    const double weight = actor_weight(s, incentive.actor);
    if (incentive.intensity > 0) p.instrument_cost_eur += weight * incentive.intensity * instrument_cost(s.costs, incentive.kind);
    const double shift = lever_shift(s.cooperation, s.origin_countries[incentive.origin_index], incentive.kind,
                                     incentive.intensity, weight);
    for_each_state(w, incentive.actor, [&](std::size_t st) { p.pair_lever[w.pair(incentive.origin_index, st)] += shift; });
  }
  // Art. 25a, EU-wide: the measures in force; a pending proposal's announcement (a share of the
  // change it would bring; Bangladesh improved under a proposal never adopted,
  // docs/sources.md#S-com-bd-iq-2021); the
  // cooperation that outlasts lifted measures, fading (hysteresis).
  const double fade = v.persistence_months > 0 ? std::exp(-1.0 / v.persistence_months) : 0.0;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    if (p.visa_level[o] < 0) {
      p.instrument_cost_eur += s.cooperation.eu_weight * v.positive_intensity * s.costs.visa_facilitation_eur_per_month;
    }
    p.visa_residual[o] *= fade;
    double shift = visa_measure_shift(s, o, p.visa_level[o]) + p.visa_residual[o];
    if (p.pending_level[o] != 0) {
      shift += v.announcement_share * (visa_measure_shift(s, o, p.pending_level[o]) - visa_measure_shift(s, o, p.visa_level[o]));
    }
    if (shift == 0.0) continue;
    for (std::size_t st = 0; st < w.state_count; ++st) p.pair_lever[w.pair(o, st)] += shift;
  }
}

}  // namespace returnsim::model::processes
