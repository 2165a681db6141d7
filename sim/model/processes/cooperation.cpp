#include "returnsim/model/processes/cooperation.hpp"

#include <algorithm>

namespace returnsim::model::processes {

void update_pair_cooperation(World& world) {
  const scenario::Scenario& s = *world.scenario;
  const scenario::CooperationParams& c = s.cooperation;
  for (std::size_t o = 0; o < world.origin_count; ++o) {
    double eu_effect = 0.0;
    switch (s.origin_countries[o].eu_agreement) {
      case scenario::EuAgreement::none: break;
      case scenario::EuAgreement::informal: eu_effect = c.informal_effect; break;
      case scenario::EuAgreement::eura: eu_effect = c.eura_effect; break;
    }
    for (std::size_t st = 0; st < world.state_count; ++st) {
      const std::size_t p = world.pair(o, st);
      double bilateral = 0.0;
      switch (world.pair_agreement[p]) {
        case scenario::BilateralAgreement::none: break;
        case scenario::BilateralAgreement::non_binding: bilateral = c.non_binding_agreement_effect; break;
        case scenario::BilateralAgreement::binding: bilateral = c.binding_agreement_effect; break;
      }
      const double level = world.origin_cooperation[o] + eu_effect + bilateral +
                           c.relations_effect * (world.pair_relations[p] - 0.5);
      world.pair_cooperation[p] = std::clamp(level, 0.0, 1.0);
    }
  }
}

}  // namespace returnsim::model::processes
