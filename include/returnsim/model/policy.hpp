#pragma once
/// @file
/// The per-run state of the policy levers: Art. 25a visa measures in force, pending Council
/// proposals, the latest assessment class, the data window the next assessment reads, and the
/// decisions taken this month (policy events). The rules that change it live in
/// model/processes/policy_clock.hpp and model/processes/visa_assessment.hpp.
#include <cstdint>
#include <string_view>
#include <vector>

namespace returnsim::model {

/// What happened. Values are written to the output file by name; append, never renumber.
enum class PolicyEventKind : std::uint8_t {
  assessed = 0,             ///< Art. 25a assessment; level = class, value = score
  proposed = 1,             ///< Commission proposal; level = proposed visa level
  adopted = 2,              ///< Council adopted; level = level now in force
  not_adopted = 3,          ///< Council took the proposal up and did not adopt it (stays pending)
  withdrawn = 4,            ///< proposal withdrawn: cooperation improved before adoption
  lifted = 5,               ///< measures eased after recovery; level = level now in force
  agreement_started = 6,    ///< bilateral arrangement took effect; level = agreement (0/1/2)
  eu_agreement_started = 7, ///< EU arrangement took effect; level = 1 informal, 2 EURA
  incentive_started = 8,    ///< value = intensity
  incentive_ended = 9,      ///< value = intensity
};
inline constexpr std::size_t kPolicyEventKindCount = 10;
[[nodiscard]] std::string_view policy_event_name(PolicyEventKind kind);

/// Art. 25a classes as written to `assessment_class`.
namespace assessment {
inline constexpr std::int8_t not_assessed = -1;
inline constexpr std::int8_t insufficient = 0;
inline constexpr std::int8_t average = 1;
inline constexpr std::int8_t good = 2;
}  // namespace assessment

struct PolicyEvent {
  std::uint32_t month = 0;
  std::uint32_t origin = 0;       ///< origin index
  std::int32_t member_state = -1; ///< member state index; -1: the EU as a whole
  PolicyEventKind kind = PolicyEventKind::assessed;
  std::int8_t level = 0;
  double value = 0;               ///< score or intensity; NaN when not meaningful
};

/// Recorded figures of one origin, in people: one month's, or summed over an assessment window.
struct AssessmentWindow {
  double recorded_orders = 0;    ///< orders to leave as member states record them
  double recorded_returns = 0;   ///< returns as member states record them
  double identified = 0;         ///< requests answered positively
  double closed_requests = 0;    ///< requests answered (either way) or withdrawn unanswered
  double documents = 0;          ///< travel documents issued

  AssessmentWindow& operator+=(const AssessmentWindow& other) {
    recorded_orders += other.recorded_orders;
    recorded_returns += other.recorded_returns;
    identified += other.identified;
    closed_requests += other.closed_requests;
    documents += other.documents;
    return *this;
  }
};

struct PolicyState {
  // Per origin.
  std::vector<std::int8_t> visa_level;         ///< in force: -1 positive, 0 none, 1 restrictive, 2 escalated
  std::vector<std::int8_t> assessment_class;   ///< latest class (assessment::*)
  std::vector<std::int8_t> pending_level;      ///< proposed level awaiting the Council; 0 none
  std::vector<std::int32_t> decision_month;    ///< when the Council takes the pending proposal up
  std::vector<std::int32_t> recovered_streak;  ///< consecutive assessments not insufficient
  /// The latest `window_months` months of recorded figures, [origin][month % window_months].
  std::vector<AssessmentWindow> recorded_months;
  /// Cooperation points that outlast lifted visa measures, fading with persistence_months.
  std::vector<double> visa_residual;
  std::vector<double> forced_return_pressure;  ///< smoothed forced returns / id_capacity, 0..1
  std::vector<std::uint8_t> eu_agreement;      ///< scenario::EuAgreement in force
  std::vector<std::uint8_t> tcn_clause;        ///< 1 when a TCN clause is in force
  // Per origin-state pair: the target shift from incentives and visa measures in force, in
  // cooperation points (computed by the policy clock every month).
  std::vector<double> pair_lever;
  double instrument_cost_eur = 0;  ///< this month's cost of the rewards in force (costs.*_eur_per_month)

  std::vector<PolicyEvent> events;  ///< this month's events, in the order they happened
};

}  // namespace returnsim::model
