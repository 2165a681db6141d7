#pragma once
/// @file
/// The policy clock (SPEC §5 item 1), first process of every reported month: scheduled bilateral
/// and EU arrangements take effect, incentives start or stop, and the Council takes up Art. 25a
/// proposals whose decision month has come (adopting with `council_adoption_probability`).
/// It then sums the levers in force into each pair's target shift (`PolicyState::pair_lever`):
/// incentives, visa measures in force, the announcement effect of a pending proposal and the
/// cooperation that outlasts lifted measures.
///
/// Who acts matters (the EU acting together weighs more than one state,
/// docs/sources.md#S-nl-letter-2021-03; origins strike less favourable deals with single states,
/// docs/sources.md#S-nl-letter-2022-10): a measure by the EU has weight `cooperation.eu_weight` and
/// reaches every pair of the origin; a member state's has its `leverage_weight` and reaches only
/// its own pair; a coalition's members add up (capped at the EU's weight) and it reaches its
/// members' pairs.
///
/// Rewards cost money (costs.*_eur_per_month: weight x intensity x the kind's monthly cost;
/// positive Art. 25a measures at positive_intensity); sanctions cost nothing in money.
///
/// A scenario's dated Art. 25a decisions (`policies.visa_history`, a history reconstruction) take
/// effect in their month through the same state as the model's own cycle: a proposal is pending
/// (its announcement share acts), an adoption puts the level in force, a lift eases it.
///
/// The clock runs in the reported horizon only (month >= 0): during the burn-in no lever acts.
#include <cstdint>

#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Sizes the policy state; EU arrangements with start month 0 are in force from the start.
void initialise_policy(World& world);

/// After switch_scenario: the EU arrangements in force at month 0 are the new scenario's; an
/// `eu_agreement_started` event (month 0) for each one that changed.
void switch_policy_scenario(World& world);

/// Weight of an actor's measures (see the file comment).
[[nodiscard]] double actor_weight(const scenario::Scenario& scenario, const scenario::Actor& actor) noexcept;

/// Signed intensity of Art. 25a visa measures at `level`: level 1 and 2 are sanctions
/// (-restrictive_intensity, -escalated_intensity), level -1 a reward (+positive_intensity).
[[nodiscard]] double visa_measure_intensity(const scenario::VisaLeverage& v, int level) noexcept;

/// Target shift, in cooperation points of every pair of origin `o`, of EU visa measures at `level`.
[[nodiscard]] double visa_measure_shift(const scenario::Scenario& scenario, std::size_t o, int level) noexcept;

/// EUR per month of a reward of `kind` at intensity 1 by an actor of weight 1 (costs.*).
[[nodiscard]] double instrument_cost(const scenario::Costs& costs, scenario::IncentiveKind kind) noexcept;

/// Eases origin `o`'s Art. 25a measures to `level` (lower than in force) at `month`: the
/// cooperation gained under the measures outlasts them and fades over persistence_months
/// (hysteresis); a `lifted` event.
void ease_visa_measures(World& world, std::size_t o, std::int8_t level, std::uint32_t month);

/// Step 1 of reported month `month`; `draw_month` keys the random streams (the simulated month).
/// Appends this month's events to `world.policy.events` (cleared first).
void apply_policy_clock(World& world, std::uint64_t run_seed, std::uint32_t month, std::uint32_t draw_month);

}  // namespace returnsim::model::processes
