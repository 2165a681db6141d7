#pragma once
/// @file
/// Origin-country cooperation (SPEC §5 item 2): a sliding scale that changes over time
/// (docs/sources.md#S-nl-letter-2024-01).
/// Every origin-state pair has its own level, the chance that an identification request succeeds.
/// Each month it moves toward a target with inertia and an origin-wide shock:
///
///   c(t+1) = clamp01( c(t) + (T(t) - c(t)) / inertia_months + noise_sd * 2 sqrt(c (1 - c)) * z_o(t) ),
///   z ~ N(0, 1): the shock is noise_sd at c = 0.5 and fades toward 0 and 1, so that clamping does
///   not lift a non-cooperating origin on average (a Jacobi-type diffusion)
///
///   T = logistic( logit(cooperation)                                         baseline
///                 + eura_effect | informal_effect                            EU arrangement [1, 2]
///                 + binding_agreement_effect | non_binding_agreement_effect  bilateral, the signatory's
///                                                                            pair only [2, 3]
///                 + relations_effect * (relations - 0.5)                     [2]
///                 + sum of lever_shift(...)                                  incentives, visa measures
///                                                                            [3, 4, 5]
///                 - domestic_cost_effect * domestic_cost * forced_return_pressure   [6] )
///
///   [1] docs/sources.md#S-eca-17-2021  [2] docs/sources.md#S-wodc-2022
///   [3] docs/sources.md#S-nl-letter-2021-03  [4] docs/sources.md#S-nl-letter-2021-10
///   [5] docs/sources.md#S-nl-letter-2024-01  [6] docs/sources.md#S-nl-letter-2022-10
///
/// Every term shifts the log-odds of cooperation: a lever multiplies the odds by the same factor
/// whatever the origin's level, so that it moves an origin near 0 or 1 by few points and one in
/// the middle by many (a lever cannot take cooperation out of [0, 1]). The baseline is read in
/// [kCooperationFloor, 1 - kCooperationFloor] for its logit.
///
/// A run starts at the target of the status quo (baseline, arrangements already in force,
/// relations; no levers, no pressure), so a lever shows as a move with inertia from its start.
#include <cstdint>

#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// The origin's sensitivity to a kind of lever, 0..1 (partnership: mean of visa, aid, trade).
[[nodiscard]] double sensitivity(const scenario::OriginCountry& origin, scenario::IncentiveKind kind) noexcept;

/// Target shift, in log-odds of cooperation, of one lever taken by an actor of weight `weight`:
/// a reward (intensity > 0) gives  weight * intensity * sensitivity * lever_effect;
/// a sanction (intensity < 0) gives weight * |intensity| * (sensitivity * lever_effect -
/// reactance * reactance_effect), which is negative — coercion backfires — when the origin's
/// reactance outweighs its sensitivity.
[[nodiscard]] double lever_shift(const scenario::CooperationParams& params, const scenario::OriginCountry& origin,
                                 scenario::IncentiveKind kind, double intensity, double weight) noexcept;

/// The baseline's cooperation is read at least this far from 0 and 1 (its log-odds stay finite).
inline constexpr double kCooperationFloor = 1e-4;

/// log(p / (1 - p)) of p clamped to [kCooperationFloor, 1 - kCooperationFloor].
[[nodiscard]] double log_odds(double p) noexcept;
/// 1 / (1 + exp(-x)).
[[nodiscard]] double logistic(double x) noexcept;

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
