#pragma once
// Factories of the importers, one per format file; detect.cpp lists them in order.
#include <memory>

#include "core/ingest/importer.hpp"

namespace samsyn::ingest {
std::unique_ptr<Importer> make_txt_importer();
std::unique_ptr<Importer> make_markdown_importer();
std::unique_ptr<Importer> make_docx_importer();      // docx.cpp
std::unique_ptr<Importer> make_odt_importer();       // odt.cpp
std::unique_ptr<Importer> make_pdf_importer();       // pdf.cpp
std::unique_ptr<Importer> make_webvtt_importer();    // subtitles.cpp
std::unique_ptr<Importer> make_srt_importer();       // subtitles.cpp
std::unique_ptr<Importer> make_html_importer();      // html.cpp
}  // namespace samsyn::ingest
