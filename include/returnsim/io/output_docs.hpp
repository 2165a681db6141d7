#pragma once
/// @file
/// The output dictionary (engine/run_result.hpp) as documentation: the Markdown tables of
/// docs/output-format.md and a JSON listing for tools (`returnsim variables`).
#include <string>

namespace returnsim::io {

/// The variable tables of docs/output-format.md, between its generated-block markers.
[[nodiscard]] std::string output_variables_markdown();
/// Every variable and policy_events column with its dimensions, type, units, long_name,
/// description and flags, as a JSON object {"variables": [...], "policy_events": [...]}.
[[nodiscard]] std::string output_variables_json();

}  // namespace returnsim::io
