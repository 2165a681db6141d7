#pragma once
/// @file
/// The policy clock (SPEC §5 item 1), first process of every month: scheduled bilateral and EU
/// arrangements take effect, incentives start or stop, and the Council takes up Art. 25a
/// proposals whose decision month has come (adopting with `council_adoption_probability`).
/// It then sums the levers in force into each pair's target shift (`PolicyState::pair_lever`).
///
/// Who acts matters (seed 001: the EU acting together weighs more than one state; seed 002:
/// origins strike less favourable deals with single states): a measure by the EU has weight
/// `cooperation.eu_weight` and reaches every pair of the origin; a member state's has its
/// `leverage_weight` and reaches only its own pair; a coalition's members add up (capped at the
/// EU's weight) and it reaches its members' pairs.
#include <cstdint>

#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Sizes the policy state; arrangements with start month 0 are in force from the start.
void initialise_policy(World& world);

/// Weight of an actor's measures (see the file comment).
[[nodiscard]] double actor_weight(const scenario::Scenario& scenario, const scenario::Actor& actor) noexcept;

/// Signed intensity of Art. 25a visa measures at `level`: level 1 and 2 are sanctions
/// (-restrictive_intensity, -escalated_intensity), level -1 a reward (+positive_intensity).
[[nodiscard]] double visa_measure_intensity(const scenario::VisaLeverage& v, int level) noexcept;

/// Step 1 of month `month`. Appends this month's events to `world.policy.events` (cleared first).
void apply_policy_clock(World& world, std::uint64_t run_seed, std::uint32_t month);

}  // namespace returnsim::model::processes
