#pragma once
/// @file
/// The Article 25a Visa Code cycle (SPEC §5 item 9; docs/sources.md#S-visa-code,
/// docs/sources.md#S-nl-letter-2021-03, docs/sources.md#S-art25a-history), the EU (Commission +
/// Council) as a collective actor.
///
/// Every reported month the figures the EU can see enter each origin's rolling window of the latest
/// `window_months`: orders to leave and returns as member states *record* them (registration
/// practice, docs/sources.md#S-wodc-2022); identification requests that came to an end: answered
/// positively, refused, or withdrawn after a year without reply (Netherlands 2014-2018,
/// docs/sources.md#S-nl-other); travel documents issued. At the end of month t with t + 1 =
/// first_assessment_month + k * assessment_interval_months the Commission scores every
/// visa-required origin:
///
///   score = mean of the available indicators
///           { recorded return rate (capped at 1),
///             identified / (identified + refused + withdrawn): requests answered positively,
///             travel documents issued / (identified + refused + withdrawn), capped at 1: the
///             issuance rate the Commission reports (Morocco 2023, 16%:
///             docs/sources.md#S-art25a-reports) }
///
/// and classes it good (score >= thresholds.good), insufficient (< thresholds.insufficient) or
/// average. Then:
/// - insufficient, forced return possible (safe, relations: no proposal where it could not work,
///   docs/sources.md#S-nl-letter-2024-01): a proposal of restrictive measures is wanted (level 1;
///   level 2, the fee increase, when level 1 is in force, up to max_level). The Commission proposes
///   few at a time: the `max_new_proposals` wanted ones of highest priority (recorded orders to
///   leave in the window x visa_sensitivity: where most is at stake and the lever bites;
///   assumption);
/// - not insufficient: a pending restrictive proposal is withdrawn (Bangladesh); after
///   `sustained_assessments` such assessments in a row, measures in force are eased one level
///   (Gambia: "substantial and sustained improvement", the fee increase repealed in 2024 while the
///   2021 measures stayed); the cooperation they brought fades over persistence_months;
/// - good, with positive_measures: a proposal of positive measures (level -1), which end when the
///   class drops.
/// The Council takes a proposal up decision_lag_months later (policy_clock.hpp).
#include <cstdint>

#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Puts reported month `month`'s figures (counts in agents, `agent_scale` people each) in every
/// origin's rolling window; does nothing when the cycle is off.
void record_assessment_window(World& world, const MonthCounts& counts, double agent_scale, std::uint32_t month);

/// The sum of an origin's rolling window.
[[nodiscard]] AssessmentWindow window_total(const World& world, std::size_t origin);

/// True when an assessment is made at the end of reported month `month`.
[[nodiscard]] bool is_assessment_month(const scenario::VisaLeverage& v, std::uint32_t month) noexcept;

/// The score of a window; NaN when it holds no figures at all.
[[nodiscard]] double assessment_score(const AssessmentWindow& window) noexcept;

/// The class of a score under the thresholds (assessment::*).
[[nodiscard]] std::int8_t assessment_class_of(const scenario::VisaLeverage& v, double score) noexcept;

/// Step 9 of reported month `month`: when it is an assessment month and the cycle is enabled,
/// assesses, proposes, withdraws and eases, appending events.
void assess_visa_cooperation(World& world, std::uint32_t month);

}  // namespace returnsim::model::processes
