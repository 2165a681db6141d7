#include "returnsim/model/processes/cooperation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "returnsim/util/rng.hpp"

namespace returnsim::model::processes {

double sensitivity(const scenario::OriginCountry& origin, scenario::IncentiveKind kind) noexcept {
  switch (kind) {
    case scenario::IncentiveKind::partnership:
      return (origin.visa_sensitivity + origin.aid_sensitivity + origin.trade_sensitivity) / 3.0;
    case scenario::IncentiveKind::development_aid: return origin.aid_sensitivity;
    case scenario::IncentiveKind::trade_preferences: return origin.trade_sensitivity;
    case scenario::IncentiveKind::visa: return origin.visa_sensitivity;
  }
  return 0.0;
}

double lever_shift(const scenario::CooperationParams& params, const scenario::OriginCountry& origin,
                   scenario::IncentiveKind kind, double intensity, double weight) noexcept {
  const double pull = sensitivity(origin, kind) * params.lever_effect;
  if (intensity >= 0) return weight * intensity * pull;
  return weight * -intensity * (pull - origin.reactance * params.reactance_effect);
}

double log_odds(double p) noexcept {
  const double q = std::clamp(p, kCooperationFloor, 1.0 - kCooperationFloor);
  return std::log(q / (1.0 - q));
}

double logistic(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }

double cooperation_target(const World& w, std::size_t o, std::size_t st) noexcept {
  const scenario::Scenario& s = *w.scenario;
  const scenario::CooperationParams& c = s.cooperation;
  const scenario::OriginCountry& origin = s.origin_countries[o];
  const std::size_t p = w.pair(o, st);
  double eu = 0.0;
  switch (static_cast<scenario::EuAgreement>(w.policy.eu_agreement[o])) {
    case scenario::EuAgreement::none: break;
    case scenario::EuAgreement::informal: eu = c.informal_effect; break;
    case scenario::EuAgreement::eura: eu = c.eura_effect; break;
  }
  double bilateral = 0.0;
  switch (w.pair_agreement[p]) {
    case scenario::BilateralAgreement::none: break;
    case scenario::BilateralAgreement::non_binding: bilateral = c.non_binding_agreement_effect; break;
    case scenario::BilateralAgreement::binding: bilateral = c.binding_agreement_effect; break;
  }
  return logistic(log_odds(origin.cooperation) + eu + bilateral + c.relations_effect * (w.pair_relations[p] - 0.5) +
                  w.policy.pair_lever[p] -
                  c.domestic_cost_effect * origin.domestic_cost * w.policy.forced_return_pressure[o]);
}

void initialise_cooperation(World& w) {
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    for (std::size_t st = 0; st < w.state_count; ++st) {
      w.pair_cooperation[w.pair(o, st)] = cooperation_target(w, o, st);
    }
  }
}

void update_cooperation(World& w, std::uint64_t run_seed, std::uint32_t month) {
  const scenario::CooperationParams& c = w.scenario->cooperation;
  const double pace = 1.0 / c.inertia_months;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    double shock = 0.0;
    if (c.noise_sd > 0) {  // Box-Muller from the origin's own stream
      const EntityDraws draws(run_seed, entity_id(EntitySpace::origin, o), month);
      const double u1 = 1.0 - draws.uniform(Purpose::cooperation_noise, 0);  // (0, 1]
      const double u2 = draws.uniform(Purpose::cooperation_noise, 1);
      shock = c.noise_sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    for (std::size_t st = 0; st < w.state_count; ++st) {
      const std::size_t p = w.pair(o, st);
      const double now = w.pair_cooperation[p];
      const double spread = 2.0 * std::sqrt(now * (1.0 - now));
      w.pair_cooperation[p] = std::clamp(now + pace * (cooperation_target(w, o, st) - now) + spread * shock, 0.0, 1.0);
    }
  }
}

void update_forced_return_pressure(World& w, const MonthCounts& counts, double agent_scale) {
  const scenario::Scenario& s = *w.scenario;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    double forced = 0;
    for (std::size_t st = 0; st < w.state_count; ++st) forced += counts.at(PairSeries::returns_forced, w.pair(o, st));
    forced *= agent_scale;
    const double capacity = s.origin_countries[o].id_capacity;
    const double pressure = capacity > 0 ? std::min(1.0, forced / capacity) : (forced > 0 ? 1.0 : 0.0);
    double& smoothed = w.policy.forced_return_pressure[o];
    smoothed = (1.0 - kPressureWeight) * smoothed + kPressureWeight * pressure;
  }
}

}  // namespace returnsim::model::processes
