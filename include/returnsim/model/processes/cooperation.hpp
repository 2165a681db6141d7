#pragma once
/// @file
/// Origin-country cooperation (SPEC §5 item 2). This issue keeps each origin's propensity at its
/// baseline; the pair level adds what is specific to one member state. The dynamics (target,
/// inertia, noise, levers) replace `origin_cooperation` month by month through the same seam.
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Pair cooperation = clamp01(origin propensity + EU arrangement effect + bilateral agreement
/// effect + relations_effect * (relations - 0.5)).
/// Sources: seed 001 (bilateral agreements help only the signatory), seed 002 (binding +5-10 pp,
/// non-binding and EU-wide no demonstrable effect; working relations matter), seed 000 (EURA vs
/// informal arrangements).
void update_pair_cooperation(World& world);

}  // namespace returnsim::model::processes
