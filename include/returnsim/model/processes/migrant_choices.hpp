#pragma once
/// @file
/// Migrant choices (SPEC §5 item 4; seeds 003 and 004). A person with an order to leave who was
/// not removed this month faces three competing monthly hazards, drawn with one uniform:
/// - voluntary departure: `voluntary_departure_rate x (1 + stick_behind_the_door x credibility)
///   x (1 + support_effect_per_1000_eur x avrr_support_eur / 1000)`, where credibility =
///   min(1, smoothed removal hazard of the pair / credibility_reference_hazard): forced return is
///   the stick behind the door (seed 004), support only a small carrot (seed 004, FACTS.md);
/// - absconding: `abscond_rate x (1 - enforcement_abscond_effect x enforcement)`, not while
///   detained (FACTS.md NL: absconding is the largest outflow);
/// - a subsequent application, which suspends removal (seed 003).
/// Non-cooperation with nationality determination is drawn with the order (asylum module) and
/// lowers identification (forced_return.hpp).
#include <algorithm>

#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

/// Credibility of forced return for a pair, 0..1.
[[nodiscard]] inline double forced_return_credibility(const MonthContext& ctx, std::size_t pair) noexcept {
  return std::min(1.0, ctx.world->pair_removal_hazard[pair] / ctx.credibility_reference_hazard);
}

inline void choose(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                   const EntityDraws& draws, MonthCounts& counts) {
  const std::size_t state = m.state[i];
  const bool detained = (m.flags[i] & flag::detained) != 0;
  const double p_voluntary =
      ctx.voluntary_hazard[state] * (1.0 + ctx.stick_behind_the_door * forced_return_credibility(ctx, pair));
  const double p_abscond = detained ? 0.0 : ctx.abscond_hazard[state];
  const double p_subsequent = ctx.subsequent_application_rate;
  const double u = draws.uniform(Purpose::voluntary_departure);
  const auto leave_pipeline = [&] {
    m.flags[i] = with_stage(static_cast<std::uint8_t>(m.flags[i] & ~flag::detained), Stage::none);
    m.months_in_stage[i] = 0;
  };
  if (u < p_voluntary) {
    m.status[i] = Status::returned_voluntary;
    m.flags[i] = static_cast<std::uint8_t>(m.flags[i] & ~flag::detained);
    count_return(m, i, pair, PairSeries::returns_voluntary, ctx.month, counts);
  } else if (u < p_voluntary + p_abscond) {
    m.status[i] = Status::absconded;
    leave_pipeline();
    ++counts.at(PairSeries::absconded, pair);
  } else if (u < p_voluntary + p_abscond + p_subsequent) {
    m.status[i] = Status::subsequent_application;
    leave_pipeline();
    ++counts.at(PairSeries::subsequent_applications, pair);
  }
}

/// One month of a pending subsequent application: decided with hazard
/// 1 / subsequent_decision_months; granted with subsequent_recognition_rate, otherwise the person
/// is back in the caseload with the same order.
inline void decide_subsequent(Migrants& m, std::size_t i, const MonthContext& ctx, const EntityDraws& draws) {
  if (!draws.bernoulli(Purpose::subsequent_decision, ctx.subsequent_decision_hazard)) return;
  m.status[i] = draws.bernoulli(Purpose::subsequent_recognition, ctx.subsequent_recognition_rate)
                    ? Status::granted
                    : Status::order_to_leave;
}

}  // namespace returnsim::model::processes
