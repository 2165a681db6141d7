#pragma once
/// @file
/// Origin-country cooperation (SPEC §5 item 2): a sliding scale that changes over time (seed 003).
/// Every origin-state pair has its own level, the chance that an identification request succeeds.
/// Each month it moves toward a target with inertia and an origin-wide shock:
///
///   c(t+1) = clamp01( c(t) + (T(t) - c(t)) / inertia_months + noise_sd * z_o(t) ),  z ~ N(0, 1)
///
///   T = cooperation (baseline)
///     + EU arrangement in force:    eura_effect | informal_effect            (seed 000, 002)
///     + bilateral arrangement:      binding_agreement_effect | non_binding_agreement_effect,
///                                   on the signatory's pair only              (seed 001, 002)
///     + relations_effect * (relations - 0.5)                                  (seed 002)
///     + levers in force (incentives, visa measures): sum of lever_shift(...)  (seed 000, 001, 003)
///     - domestic_cost_effect * domestic_cost * forced_return_pressure          (seed 002)
///
/// A run starts at the target of the status quo (baseline, arrangements already in force,
/// relations; no levers, no pressure), so a lever shows as a move with inertia from its start.
#include <cstdint>

#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// The origin's sensitivity to a kind of lever, 0..1 (partnership: mean of visa, aid, trade).
[[nodiscard]] double sensitivity(const scenario::OriginCountry& origin, scenario::IncentiveKind kind) noexcept;

/// Target shift, in cooperation points, of one lever taken by an actor of weight `weight`:
/// a reward (intensity > 0) gives  weight * intensity * sensitivity * lever_effect;
/// a sanction (intensity < 0) gives weight * |intensity| * (sensitivity * lever_effect -
/// reactance * reactance_effect), which is negative — coercion backfires — when the origin's
/// reactance outweighs its sensitivity.
[[nodiscard]] double lever_shift(const scenario::CooperationParams& params, const scenario::OriginCountry& origin,
                                 scenario::IncentiveKind kind, double intensity, double weight) noexcept;

/// The target T of pair (origin, state) this month.
[[nodiscard]] double cooperation_target(const World& world, std::size_t origin, std::size_t state) noexcept;

/// Sets every pair to the target of the status quo (called when the world is built).
void initialise_cooperation(World& world);

/// One month of the dynamics for every pair (after the policy clock).
void update_cooperation(World& world, std::uint64_t run_seed, std::uint32_t month);

/// Smooths each origin's forced-return pressure: forced returns of its nationals this month (in
/// people) / its id_capacity, capped at 1, weight kPressureWeight on the newest month.
void update_forced_return_pressure(World& world, const MonthCounts& counts, double agent_scale);
inline constexpr double kPressureWeight = 0.2;

}  // namespace returnsim::model::processes
