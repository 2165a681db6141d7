#pragma once
/// @file
/// Migrant choices (SPEC §5 item 4; docs/sources.md#S-nl-letter-2024-01,
/// docs/sources.md#S-nl-letter-2021-06). A person with an order to leave who was not removed this
/// month faces three competing hazards per month (model/hazards.hpp: the chance of any is 1 -
/// exp(-sum), shared in proportion), drawn with one uniform:
/// - voluntary departure: `voluntary_departure_rate x (1 + stick_behind_the_door x credibility)
///   x (1 + support_effect_per_1000_eur x avrr_support_eur / 1000)`, scaled by the state's
///   `voluntary_departure` schedule, where credibility = min(1, smoothed removal hazard of the
///   pair / credibility_reference_hazard): forced return is the stick behind the door, support
///   only a small carrot (docs/sources.md#S-nl-letter-2021-06);
/// - absconding: `abscond_rate x (1 - enforcement_abscond_effect x enforcement)`, not while
///   detained (NL: absconding is the largest outflow, docs/sources.md#S-dtv);
/// - a subsequent application, `subsequent_application_rate`, which suspends removal
///   (docs/sources.md#S-nl-letter-2024-01);
///   it is decided with hazard 1 / subsequent_decision_months, granted with
///   subsequent_recognition_rate, otherwise the person is back in the caseload.
/// Non-cooperation with nationality determination is drawn with the order (arrivals_asylum.hpp)
/// and lowers identification (forced_return.hpp).
#include <algorithm>

#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

/// Credibility of forced return for a pair, 0..1.
[[nodiscard]] inline double forced_return_credibility(const World& world, std::size_t pair) noexcept {
  return std::min(1.0, world.pair_removal_hazard[pair] / world.scenario->behaviour.credibility_reference_hazard);
}

/// This month's odds of every pair, for people at liberty and in detention.
void prepare_choices(MonthContext& ctx, const World& world);

/// The choice that uniform `u` makes under `odds` (none when u >= odds.subsequent): the status
/// change and its count.
inline void apply_choice(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx, const ChoiceOdds& odds,
                         double u, MonthCounts& counts) {
  if (u >= odds.subsequent) return;  // no event this month: the common case
  if (u < odds.voluntary) {
    m.status[i] = Status::returned_voluntary;
    m.flags[i] = static_cast<std::uint8_t>(m.flags[i] & ~flag::detained);
    count_return(m, i, pair, PairSeries::returns_voluntary, ctx.month, counts);
    return;
  }
  m.status[i] = u < odds.abscond ? Status::absconded : Status::subsequent_application;
  m.flags[i] = with_stage(static_cast<std::uint8_t>(m.flags[i] & ~flag::detained), Stage::none);
  m.months_in_stage[i] = 0;
  ++counts.at(u < odds.abscond ? PairSeries::absconded : PairSeries::subsequent_applications, pair);
}

inline void choose(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                   const EntityDraws& draws, MonthCounts& counts) {
  const bool detained = (m.flags[i] & flag::detained) != 0;
  apply_choice(m, i, pair, ctx, ctx.choice[2 * pair + (detained ? 1 : 0)], draws.uniform(Purpose::voluntary_departure),
               counts);
}

/// One month of a pending subsequent application.
inline void decide_subsequent(Migrants& m, std::size_t i, const MonthContext& ctx, const EntityDraws& draws) {
  if (!draws.bernoulli(Purpose::subsequent_decision, ctx.subsequent_decision_probability)) return;
  m.status[i] = draws.bernoulli(Purpose::subsequent_recognition, ctx.subsequent_recognition_rate)
                    ? Status::granted
                    : Status::order_to_leave;
}

}  // namespace returnsim::model::processes
