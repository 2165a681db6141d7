#include "returnsim/model/policy.hpp"

namespace returnsim::model {

std::string_view policy_event_name(PolicyEventKind kind) {
  switch (kind) {
    case PolicyEventKind::assessed: return "assessed";
    case PolicyEventKind::proposed: return "proposed";
    case PolicyEventKind::adopted: return "adopted";
    case PolicyEventKind::not_adopted: return "not_adopted";
    case PolicyEventKind::withdrawn: return "withdrawn";
    case PolicyEventKind::lifted: return "lifted";
    case PolicyEventKind::agreement_started: return "agreement_started";
    case PolicyEventKind::eu_agreement_started: return "eu_agreement_started";
    case PolicyEventKind::incentive_started: return "incentive_started";
    case PolicyEventKind::incentive_ended: return "incentive_ended";
  }
  return "?";
}

}  // namespace returnsim::model
