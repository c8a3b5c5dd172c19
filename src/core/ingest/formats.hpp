#pragma once
// Factories of the importers, one per format file; detect.cpp lists them in order.
#include <memory>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {
std::unique_ptr<Importer> make_txt_importer();
std::unique_ptr<Importer> make_markdown_importer();
}  // namespace samsyn::ingest
