#pragma once
// The error every trtexec artefact parser throws: one sentence saying what is wrong with the text (which
// record, which key, what value). Parsers see text only, so the caller that read the file adds its name
// (with_file_name). It is an InputError: a bad artefact is bad input, exit code 2.
#include <string>

#include "inferbench/errors.hpp"

namespace ib::trtexec {

class ParseError : public core::InputError {
 public:
  explicit ParseError(const std::string& reason) : core::InputError(reason) {}
};

}  // namespace ib::trtexec
