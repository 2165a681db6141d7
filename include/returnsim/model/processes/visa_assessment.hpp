#pragma once
/// @file
/// The Article 25a Visa Code cycle (SPEC §5 item 9; seed 001; FACTS.md "Article 25a Visa Code"),
/// the EU (Commission + Council) as a collective actor.
///
/// Every month the figures the EU can see are added to each origin's window: orders to leave and
/// returns as member states *record* them (registration practice, seed 002); identification
/// requests that came to an end: answered positively, refused, or withdrawn after a year without
/// reply (FACTS.md, Netherlands 2014-2018); travel documents issued. At the end of month t with
/// t + 1 = first_assessment_month + k * assessment_interval_months the Commission scores every
/// visa-required origin (visa-free ones are never assessed):
///
///   score = mean of the available indicators
///           { recorded return rate (capped at 1),
///             identified / (identified + refused + withdrawn): requests answered positively,
///             travel documents issued / identified (capped at 1) }
///
/// and classes it good (score >= thresholds.good), insufficient (< thresholds.insufficient) or
/// average. Insufficient: a proposal of restrictive measures (level 1; level 2, the fee increase,
/// when level 1 is already in force and cooperation is still insufficient, up to max_level).
/// Not insufficient: a pending restrictive proposal is withdrawn; after `sustained_assessments`
/// such assessments in a row, measures in force are eased one level (Gambia: "substantial and
/// sustained improvement", the fee increase repealed in 2024 while the 2021 measures stayed). Good, with
/// positive_measures: a proposal of positive measures (level -1), which end when the class drops.
/// The Council takes a proposal up decision_lag_months later (policy_clock.hpp).
#include <cstdint>

#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Adds this month's figures (counts in agents, `agent_scale` people each) to every window; does
/// nothing when the cycle is off.
void record_assessment_window(World& world, const MonthCounts& counts, double agent_scale);

/// True when an assessment is made at the end of `month`.
[[nodiscard]] bool is_assessment_month(const scenario::VisaLeverage& v, std::uint32_t month) noexcept;

/// The score of a window; NaN when it holds no figures at all.
[[nodiscard]] double assessment_score(const AssessmentWindow& window) noexcept;

/// The class of a score under the thresholds (assessment::*).
[[nodiscard]] std::int8_t assessment_class_of(const scenario::VisaLeverage& v, double score) noexcept;

/// Step 9 of month `month`: when it is an assessment month and the cycle is enabled, assesses,
/// proposes, withdraws and eases, appending events; then starts a new window.
void assess_visa_cooperation(World& world, std::uint32_t month);

}  // namespace returnsim::model::processes
